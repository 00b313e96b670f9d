import type { Repositories } from '../../repositories/repositories';

type RowWrite = (repos: Repositories) => Promise<unknown>;

/**
 * Row writes collected while the WordPress side of a title is resolved (no
 * transaction open then), run together in one short transaction after it. No
 * REST call then ever waits on a row lock of ours (the tmu_* tables have
 * foreign keys to wp_posts), and a slow WordPress holds no pooled connection.
 */
export class RowWrites {
  private readonly writes: RowWrite[] = [];

  add(write: RowWrite): void {
    this.writes.push(write);
  }

  /** Takes another collection's writes, after this one's. */
  append(other: RowWrites): void {
    this.writes.push(...other.writes.splice(0));
  }

  async flush(repos: Repositories): Promise<void> {
    for (const write of this.writes.splice(0)) await write(repos);
  }
}
