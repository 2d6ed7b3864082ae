import { Injectable } from '@nestjs/common';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** Prometheus metrics of this instance (a registry of its own, so test apps don't share one). */
@Injectable()
export class MetricsService {
  readonly registry = new Registry();
  readonly httpRequests = new Counter({
    name: 'http_requests_total',
    help: 'HTTP requests by method, route and status',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [this.registry],
  });
  readonly httpDuration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP request duration by method, route and status',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [this.registry],
  });
  readonly notificationsSent = new Counter({
    name: 'notifications_sent_total',
    help: 'Messages accepted by a provider, by channel',
    labelNames: ['channel'] as const,
    registers: [this.registry],
  });
  readonly notificationsFailed = new Counter({
    name: 'notifications_failed_total',
    help: 'Messages given up on, by channel',
    labelNames: ['channel'] as const,
    registers: [this.registry],
  });
  readonly notificationsQueued = new Gauge({
    name: 'notifications_queued',
    help: 'Messages waiting in the outbox',
    registers: [this.registry],
  });
  readonly rateLimitStoreDegraded = new Gauge({
    name: 'rate_limit_store_degraded',
    help: '1 while Redis does not answer and rate limits use per-instance counters',
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry });
  }

  observeHttp(method: string, route: string, status: number, seconds: number): void {
    const labels = { method, route, status: String(status) };
    this.httpRequests.inc(labels);
    this.httpDuration.observe(labels, seconds);
  }
}
