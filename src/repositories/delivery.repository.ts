import type { Knex } from 'knex';
import { dbCall, isUniqueViolation } from './repository-support';

/** The first answer to each webhook delivery id, so a replayed delivery is not executed twice. */
export interface StoredResponse {
  status: number;
  body: unknown;
}

/** Where deliveries are kept: the database in `serve` (every process, across restarts); memory in unit tests. */
export interface ReplayStore {
  /** Claims a delivery id. Returns the earlier answer (or 'pending') when the id was seen. */
  claim(deliveryId: string): Promise<StoredResponse | 'pending' | null>;
  remember(deliveryId: string, response: StoredResponse): Promise<void>;
  /** Drops an unanswered claim (the answer was a 5xx: the sender may try again). */
  forget(deliveryId: string): Promise<void>;
}

/** A claim whose request never answered (its process died) is taken over after this long. */
const PENDING_TAKEOVER_MS = 60_000;

/**
 * tmu_sync_deliveries: every webhook delivery id seen within the signature
 * window, with the first answer. Shared by every process on the database and
 * kept across restarts, so a signed delivery runs once.
 */
export class DeliveryRepository implements ReplayStore {
  private readonly table: string;
  private lastSweep = 0;

  constructor(
    private readonly db: Knex,
    prefix: string,
    private readonly ttlMs = 10 * 60 * 1000,
  ) {
    this.table = `${prefix}tmu_sync_deliveries`;
  }

  async claim(deliveryId: string, now = new Date()): Promise<StoredResponse | 'pending' | null> {
    return dbCall('claim webhook delivery', async () => {
      await this.sweep(now);
      const row = { delivery_id: deliveryId, status: null, body: null, claimed_at: now, expires_at: new Date(now.getTime() + this.ttlMs) };
      try {
        await this.db(this.table).insert(row);
        return null;
      } catch (error) {
        if (!isUniqueViolation(error)) throw error;
      }
      const seen = await this.db(this.table).where({ delivery_id: deliveryId }).first();
      if (seen && seen.status !== null && seen.status !== undefined) return { status: Number(seen.status), body: parseBody(seen.body) };
      // The first request's process died before answering: this one takes over.
      const stale = new Date(now.getTime() - PENDING_TAKEOVER_MS);
      const taken = await this.db(this.table).where({ delivery_id: deliveryId }).whereNull('status').andWhere('claimed_at', '<', stale).update({ claimed_at: now });
      return taken === 1 ? null : 'pending';
    });
  }

  async remember(deliveryId: string, response: StoredResponse): Promise<void> {
    await dbCall('remember webhook delivery', () =>
      this.db(this.table)
        .where({ delivery_id: deliveryId })
        .update({ status: response.status, body: JSON.stringify(response.body ?? null) }),
    );
  }

  async forget(deliveryId: string): Promise<void> {
    await dbCall('forget webhook delivery', () => this.db(this.table).where({ delivery_id: deliveryId }).whereNull('status').delete());
  }

  /** Expired rows go at most once a minute (a signed request older than the window is refused anyway). */
  private async sweep(now: Date): Promise<void> {
    if (now.getTime() - this.lastSweep < 60_000) return;
    this.lastSweep = now.getTime();
    await this.db(this.table).where('expires_at', '<', now).delete();
  }
}

function parseBody(value: unknown): unknown {
  if (typeof value !== 'string') return null;
  try {
    return JSON.parse(value);
  } catch {
    return null;
  }
}
