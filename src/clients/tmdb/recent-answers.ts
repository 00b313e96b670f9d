/**
 * A bulk run's most recent TMDb answers, in memory: a retry of the same title
 * (a deadlock between lanes) reuses what the first try fetched, while the
 * response cache table is left alone.
 */
export class RecentAnswers {
  private readonly entries = new Map<string, { body: string; at: number }>();

  constructor(
    private readonly maxEntries = 100,
    private readonly maxAgeMs = 120_000,
    private readonly now: () => number = Date.now,
  ) {}

  remember(key: string, body: string): void {
    this.entries.delete(key);
    this.entries.set(key, { body, at: this.now() });
    for (const oldest of this.entries.keys()) {
      if (this.entries.size <= this.maxEntries) break;
      this.entries.delete(oldest);
    }
  }

  get(key: string): string | undefined {
    const entry = this.entries.get(key);
    return entry && this.now() - entry.at < this.maxAgeMs ? entry.body : undefined;
  }
}
