import { Injectable } from '@nestjs/common';
import type { RequestRealm } from '../../common/http/app-request';
import type { FlowKind, FlowState } from '../flow-states';
import { maskPhone } from '../phone-mask';
import { RecoveryFlowsService } from '../recovery-flows.service';

export interface RecoveryFlowView {
  flowId: string;
  kind: FlowKind;
  state: FlowState;
  expiresAt: string;
  sms: { available: boolean; maskedPhone: string | null };
}

/** A flow as its client sees it; decoys look exactly like real flows. */
@Injectable()
export class GetRecoveryFlowUseCase {
  constructor(private readonly flows: RecoveryFlowsService) {}

  async execute(realm: RequestRealm, flowId: string): Promise<RecoveryFlowView> {
    const flow = await this.flows.getLive(realm.id, flowId);
    const available = Boolean(flow.phone && realm.settings.smsFallback);
    return {
      flowId: flow.id,
      kind: flow.kind,
      state: flow.state,
      expiresAt: flow.expiresAt.toISOString(),
      sms: { available, maskedPhone: available ? maskPhone(flow.phone!, realm.settings.hiddenPhoneDigits) : null },
    };
  }
}
