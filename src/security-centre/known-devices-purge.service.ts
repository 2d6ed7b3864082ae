import { Injectable, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { LessThan, Not, Repository } from 'typeorm';
import { AppLogger } from '../common/logging/app-logger';
import { Clock } from '../common/time/clock';
import { KnownDeviceEntity } from './entities/known-device.entity';
import { ACCOUNT_MARKER, KNOWN_DEVICE_DAYS } from './sign-in-alerts.service';

const EVERY_MS = 60 * 60 * 1000;

/**
 * Deletes devices not seen for 90 days, hourly, for users who do not sign in again (a user's own
 * stale devices also go at their next sign-in). The "signed in before" marker stays.
 */
@Injectable()
export class KnownDevicesPurgeService implements OnApplicationBootstrap, OnModuleDestroy {
  private timer?: NodeJS.Timeout;

  constructor(
    @InjectRepository(KnownDeviceEntity) private readonly devices: Repository<KnownDeviceEntity>,
    private readonly clock: Clock,
    private readonly logger: AppLogger,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => {
      this.purge().catch((err: unknown) => this.logger.pino.warn({ err }, 'known devices purge failed'));
    }, EVERY_MS);
    this.timer.unref();
  }

  onModuleDestroy(): void {
    if (this.timer) clearInterval(this.timer);
  }

  async purge(): Promise<number> {
    const cutoff = new Date(this.clock.now().getTime() - KNOWN_DEVICE_DAYS * 86_400_000);
    const result = await this.devices.delete({ deviceKey: Not(ACCOUNT_MARKER), lastSeenAt: LessThan(cutoff) });
    return result.affected ?? 0;
  }
}
