import { Controller, Get, Header, HttpCode } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { SkipThrottle } from '@nestjs/throttler';
import { DataSource } from 'typeorm';
import { DomainError } from '../common/errors/domain-error';
import { MetricsService } from './metrics.service';

@ApiTags('operations')
@SkipThrottle()
@Controller()
export class HealthController {
  constructor(
    private readonly dataSource: DataSource,
    private readonly metrics: MetricsService,
  ) {}

  @Get('health/live')
  @ApiOperation({ summary: 'Liveness: the process answers' })
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  @Get('health/ready')
  @HttpCode(200)
  @ApiOperation({ summary: 'Readiness: the database answers (503 service_unavailable otherwise)' })
  async ready(): Promise<{ status: 'ok'; database: 'ok' }> {
    try {
      if (!this.dataSource.isInitialized) throw new Error('not initialised');
      await this.dataSource.query('SELECT 1');
    } catch {
      throw new DomainError('service_unavailable', { database: 'unreachable' });
    }
    return { status: 'ok', database: 'ok' };
  }

  @Get('metrics')
  @Header('Content-Type', 'text/plain; version=0.0.4; charset=utf-8')
  @ApiOperation({ summary: 'Prometheus metrics' })
  async metricsText(): Promise<string> {
    return this.metrics.registry.metrics();
  }
}
