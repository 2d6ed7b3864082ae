import type { RenderedMessage } from '../../notifier.port';

/** A message the `log` channel delivered, as the dev page and tests see it. */
export interface RecentMessage extends RenderedMessage {
  deliveredAt: Date;
}

/**
 * The last messages the `log` channel delivered, in memory (oldest first). The `/dev/outbox`
 * page and the test helper `deliveredMessages` read it. Capacity 0 keeps nothing (production).
 */
export class RecentMessages {
  private readonly items: RecentMessage[] = [];

  constructor(readonly capacity = 200) {}

  add(message: RecentMessage): void {
    if (this.capacity <= 0) return;
    this.items.push(message);
    if (this.items.length > this.capacity) this.items.splice(0, this.items.length - this.capacity);
  }

  list(): RecentMessage[] {
    return [...this.items];
  }

  clear(): void {
    this.items.length = 0;
  }
}
