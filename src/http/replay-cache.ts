import type { ReplayStore, StoredResponse } from '../repositories/delivery.repository';

export type { ReplayStore, StoredResponse };

/** One process only; for tests and tools that build the app without a database. */
export class ReplayCache implements ReplayStore {
  private readonly entries = new Map<string, { response: StoredResponse | null; expiresAt: number }>();

  constructor(
    private readonly ttlMs = 10 * 60 * 1000,
    private readonly now: () => number = Date.now,
  ) {}

  async claim(deliveryId: string): Promise<StoredResponse | 'pending' | null> {
    this.sweep();
    const entry = this.entries.get(deliveryId);
    if (entry) return entry.response ?? 'pending';
    this.entries.set(deliveryId, { response: null, expiresAt: this.now() + this.ttlMs });
    return null;
  }

  async remember(deliveryId: string, response: StoredResponse): Promise<void> {
    this.entries.set(deliveryId, { response, expiresAt: this.now() + this.ttlMs });
  }

  async forget(deliveryId: string): Promise<void> {
    if (this.entries.get(deliveryId)?.response === null) this.entries.delete(deliveryId);
  }

  private sweep(): void {
    const now = this.now();
    for (const [id, entry] of this.entries) if (entry.expiresAt <= now) this.entries.delete(id);
  }
}
