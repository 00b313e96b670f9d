/** Remembers the first response to each delivery id for 10 minutes, so a replayed delivery is not executed twice. */
export interface StoredResponse {
  status: number;
  body: unknown;
}

export class ReplayCache {
  private readonly entries = new Map<string, { response: StoredResponse | null; expiresAt: number }>();

  constructor(
    private readonly ttlMs = 10 * 60 * 1000,
    private readonly now: () => number = Date.now,
  ) {}

  /** Claims a delivery id. Returns the earlier response (or 'pending') when the id was seen. */
  claim(deliveryId: string): StoredResponse | 'pending' | null {
    this.sweep();
    const entry = this.entries.get(deliveryId);
    if (entry) return entry.response ?? 'pending';
    this.entries.set(deliveryId, { response: null, expiresAt: this.now() + this.ttlMs });
    return null;
  }

  remember(deliveryId: string, response: StoredResponse): void {
    this.entries.set(deliveryId, { response, expiresAt: this.now() + this.ttlMs });
  }

  private sweep(): void {
    const now = this.now();
    for (const [id, entry] of this.entries) if (entry.expiresAt <= now) this.entries.delete(id);
  }
}
