import type { Repositories } from '../../repositories/repositories';

type RowWrite = (repos: Repositories) => Promise<unknown>;

/**
 * Row writes collected while the WordPress side of a title is resolved, run
 * together at the end of the transaction. With a real WordPress, no REST call
 * then ever waits on a row lock our transaction holds (the tmu_* tables have
 * foreign keys to wp_posts).
 */
export class RowWrites {
  private readonly writes: RowWrite[] = [];

  add(write: RowWrite): void {
    this.writes.push(write);
  }

  async flush(repos: Repositories): Promise<void> {
    for (const write of this.writes.splice(0)) await write(repos);
  }
}
