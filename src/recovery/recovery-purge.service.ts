import { Injectable, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { CaptchaVerifier } from '../captcha/captcha-verifier.port';
import { AppLogger } from '../common/logging/app-logger';
import { Clock } from '../common/time/clock';
import { RecoveryFlowsService } from './recovery-flows.service';
import { RecoveryLimitsService } from './recovery-limits.service';
import { ResetTokensService } from './reset-tokens.service';

const EVERY_MS = 10 * 60 * 1000;
/** Flows stay a day past expiry: the per-account daily limit on phone digits counts them. */
const FLOW_RETENTION_MS = 24 * 3600 * 1000;

/** Deletes expired captchas, reset tokens, flows and limit counters, every ten minutes. */
@Injectable()
export class RecoveryPurgeService implements OnApplicationBootstrap, OnModuleDestroy {
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly captcha: CaptchaVerifier,
    private readonly flows: RecoveryFlowsService,
    private readonly tokens: ResetTokensService,
    private readonly limits: RecoveryLimitsService,
    private readonly clock: Clock,
    private readonly logger: AppLogger,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => {
      this.purge().catch((err: unknown) => this.logger.pino.warn({ err }, 'recovery purge failed'));
    }, EVERY_MS);
    this.timer.unref();
  }

  onModuleDestroy(): void {
    if (this.timer) clearInterval(this.timer);
  }

  async purge(): Promise<{ captchas: number; tokens: number; flows: number; counters: number }> {
    const now = this.clock.now();
    const captchas = await this.captcha.purgeExpired(now);
    const tokens = await this.tokens.purgeExpired(now);
    const flows = await this.flows.purgeExpired(new Date(now.getTime() - FLOW_RETENTION_MS));
    const counters = await this.limits.purgeExpired(now);
    return { captchas, tokens, flows, counters };
  }
}
