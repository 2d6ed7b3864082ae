import { DomainError } from '../common/errors/domain-error';

/** What a flow recovers: the password (with its SMS fallback), the login, or both. */
export type FlowKind = 'password' | 'login' | 'both';

/**
 * Flow states. `requested`: the request was accepted (a link may be on its way, the SMS step may
 * start); `code_sent`: an SMS code is pending; `code_verified`: the code was right and a reset
 * token was handed out; `completed`: the password was reset, or the login was sent; `locked`:
 * out of attempts; `cancelled`: another recovery of the user completed first.
 */
export const FLOW_STATES = ['requested', 'code_sent', 'code_verified', 'completed', 'locked', 'cancelled'] as const;
export type FlowState = (typeof FLOW_STATES)[number];

/** Every allowed transition; anything else is refused server-side. */
const TRANSITIONS: Record<FlowState, readonly FlowState[]> = {
  requested: ['code_sent', 'completed', 'locked', 'cancelled'],
  code_sent: ['code_sent', 'code_verified', 'completed', 'locked', 'cancelled'],
  code_verified: ['completed', 'cancelled'],
  completed: [],
  locked: [],
  cancelled: [],
};

/** States from which the flow can still move on. */
export const OPEN_STATES: readonly FlowState[] = FLOW_STATES.filter((s) => TRANSITIONS[s].length > 0);

/** The states a flow may be in for it to move to `to`. */
export function statesLeadingTo(to: FlowState): FlowState[] {
  return FLOW_STATES.filter((s) => TRANSITIONS[s].includes(to));
}

export function canTransition(from: FlowState, to: FlowState): boolean {
  return TRANSITIONS[from].includes(to);
}

/** 409 flow_state_invalid unless the flow may move from `from` to `to` (423 flow_locked when locked). */
export function assertTransition(from: FlowState, to: FlowState): void {
  if (from === 'locked') throw new DomainError('flow_locked');
  if (!canTransition(from, to)) throw new DomainError('flow_state_invalid');
}
