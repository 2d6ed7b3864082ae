import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, In, LessThan, MoreThan, Not, Repository } from 'typeorm';
import { SecretBox } from '../common/crypto/secret-box';
import { DomainError } from '../common/errors/domain-error';
import { Clock } from '../common/time/clock';
import { normalizeLogin } from '../users/login';
import { RecoveryFlowEntity } from './entities/recovery-flow.entity';
import { decoyPhone } from './phone-mask';
import { FlowKind, FlowState, OPEN_STATES, assertTransition, statesLeadingTo } from './flow-states';

/** States a reset closed the flow in. */
const CLOSED_STATES: readonly FlowState[] = ['completed', 'cancelled'];

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export interface NewFlow {
  realmId: string;
  userId: string | null;
  decoy: boolean;
  subjectKey: string;
  kind: FlowKind;
  state: FlowState;
  phone: string | null;
  ttlSeconds: number;
}

type Counter = 'phoneDigitsFailures' | 'codeAttempts' | 'smsSent';

/** Recovery flow rows: creation, look-up, checked transitions and race-free counters. */
@Injectable()
export class RecoveryFlowsService {
  constructor(
    @InjectRepository(RecoveryFlowEntity) private readonly flows: Repository<RecoveryFlowEntity>,
    private readonly secrets: SecretBox,
    private readonly clock: Clock,
  ) {}

  repo(manager?: EntityManager): Repository<RecoveryFlowEntity> {
    return manager ? manager.getRepository(RecoveryFlowEntity) : this.flows;
  }

  /** Keyed hash naming an account by its login, for cooldowns, daily limits and decoys. */
  subjectKey(realmId: string, login: string): string {
    return this.secrets.keyedHash('recovery-subject', `${realmId}:${normalizeLogin(login.trim())}`);
  }

  /** Keyed hash naming a phone number, for the per-phone daily SMS cap. */
  phoneKey(realmId: string, phone: string): string {
    return this.secrets.keyedHash('recovery-phone', `${realmId}:${phone}`);
  }

  /**
   * The stable phone a decoy flow shows for this subject (never a real person's number to text),
   * in the country calling code `chooseCallingCode` picks from a hash of the subject.
   */
  decoyPhone(subjectKey: string, chooseCallingCode: (hashHex: string) => string): string {
    const hex = (purpose: string) => Buffer.from(this.secrets.keyedHash(purpose, subjectKey), 'base64url').toString('hex');
    return decoyPhone(hex('decoy-phone'), chooseCallingCode(hex('decoy-phone-country')));
  }

  async create(input: NewFlow, manager?: EntityManager): Promise<RecoveryFlowEntity> {
    const now = this.clock.now();
    const { ttlSeconds, ...fields } = input;
    const flow: RecoveryFlowEntity = { id: randomUUID(), ...fields, phoneDigitsFailures: 0, codeAttempts: 0, smsSent: 0, codeHash: null, codeExpiresAt: null, createdAt: now, updatedAt: now, expiresAt: new Date(now.getTime() + ttlSeconds * 1000) };
    await this.repo(manager).insert(flow);
    return flow;
  }

  /**
   * The flow for a step: 404 flow_not_found (unknown, malformed, other realm), 410 flow_expired
   * (past its lifetime, or closed — `completed` or `cancelled` — by a reset: a decoy is never
   * closed early, so a closed flow answers its requester as an expired one would, whoever closed it).
   */
  async getLive(realmId: string, id: string, manager?: EntityManager): Promise<RecoveryFlowEntity> {
    const flow = UUID.test(id) ? await this.repo(manager).findOne({ where: { id, realmId } }) : null;
    if (!flow || flow.kind !== 'password') throw new DomainError('flow_not_found');
    if (flow.expiresAt.getTime() <= this.clock.now().getTime() || CLOSED_STATES.includes(flow.state)) throw new DomainError('flow_expired');
    return flow;
  }

  /**
   * Moves the flow to `to` if it is still in a state that allows it (checked against the row, so
   * a concurrent step cannot slip in between): 409 flow_state_invalid / 423 flow_locked otherwise.
   */
  async transition(flow: RecoveryFlowEntity, to: FlowState, changes: Partial<RecoveryFlowEntity> = {}, manager?: EntityManager, expect: { codeHash?: string } = {}): Promise<void> {
    assertTransition(flow.state, to);
    const result = await this.repo(manager).update({ id: flow.id, state: In(statesLeadingTo(to)), ...expect }, { ...changes, state: to, updatedAt: this.clock.now() });
    if (!result.affected) throw new DomainError('flow_state_invalid');
    Object.assign(flow, changes, { state: to });
  }

  /** Adds one to a counter unless it already reached `max`; false when it had. */
  async incrementBelow(flowId: string, counter: Counter, max: number, manager?: EntityManager): Promise<boolean> {
    const result = await this.repo(manager)
      .createQueryBuilder()
      .update(RecoveryFlowEntity)
      .set({ [counter]: () => `"${counter}" + 1`, updatedAt: this.clock.now() })
      .where('id = :id', { id: flowId })
      .andWhere(`"${counter}" < :max`, { max })
      .execute();
    return (result.affected ?? 0) === 1;
  }

  async decrement(flowId: string, counter: Counter, manager?: EntityManager): Promise<void> {
    await this.repo(manager)
      .createQueryBuilder()
      .update(RecoveryFlowEntity)
      .set({ [counter]: () => `"${counter}" - 1` })
      .where('id = :id', { id: flowId })
      .andWhere(`"${counter}" > 0`)
      .execute();
  }

  /**
   * Wrong phone digits typed for the account since `since`, every flow together. Counted by the
   * subject (realm + login), real and decoy flows alike: counting real flows by user would tell them apart.
   */
  async phoneDigitFailuresSince(flow: RecoveryFlowEntity, since: Date): Promise<number> {
    const rows = await this.flows.find({ where: { realmId: flow.realmId, subjectKey: flow.subjectKey, kind: 'password', createdAt: MoreThan(since) }, select: { phoneDigitsFailures: true } });
    return rows.reduce((sum, r) => sum + r.phoneDigitsFailures, 0);
  }

  /** Closes every open flow of the user (but one): `completed` for that one, `cancelled` for the rest. */
  async closeForUser(userId: string, completedFlowId: string | null, manager?: EntityManager): Promise<void> {
    const now = this.clock.now();
    const repo = this.repo(manager);
    if (completedFlowId) await repo.update({ id: completedFlowId, state: In(statesLeadingTo('completed')) }, { state: 'completed', codeHash: null, updatedAt: now });
    const others = completedFlowId ? { id: Not(completedFlowId) } : {};
    await repo.update({ userId, state: In([...OPEN_STATES]), ...others }, { state: 'cancelled', codeHash: null, updatedAt: now });
  }

  /** Deletes flows that expired before `before`. */
  async purgeExpired(before: Date): Promise<number> {
    const result = await this.flows.delete({ expiresAt: LessThan(before) });
    return result.affected ?? 0;
  }
}
