import type { ClaimTypes } from '../repositories/job.repository';
import { FOLLOW_UP_TYPES, isFollowUpJob } from '../domain/job-registry';
import type { Lane } from './job-worker.types';

/**
 * The worker's two sets of slots: `concurrency` for imports, bulks and syncs, and
 * `followUpSlots` for follow-up jobs (people details, the rest of imported titles).
 * A claim in flight holds a slot in its lane (in both while its type is unknown), so
 * the poll and announced jobs together never run more than the slots allow.
 */
export class JobSlots {
  private others = 0;
  private followUps = 0;
  private reservedOther = 0;
  private reservedFollowUp = 0;
  private readonly waiters: Array<() => void> = [];

  constructor(
    private readonly concurrency: number,
    private readonly followUpSlots: number,
  ) {}

  /** The types a claim of unknown type may take now: follow-ups only when the other slots are full, none while their own lane is full. */
  claimable(): ClaimTypes {
    if (!this.laneFree('other')) return { only: FOLLOW_UP_TYPES };
    return this.laneFree('followUp') ? [] : FOLLOW_UP_TYPES;
  }

  /** What a claim for a job of this lane may take. */
  static typesOf(lane: Lane): ClaimTypes {
    return lane === 'followUp' ? { only: FOLLOW_UP_TYPES } : FOLLOW_UP_TYPES;
  }

  /** All follow-up slots while nothing else runs; one while an import, a bulk or a sync does, so its pages keep the machine. */
  laneFree(lane: Lane): boolean {
    return this.running(lane) + (lane === 'other' ? this.reservedOther : this.reservedFollowUp) < this.slotsOf(lane);
  }

  /** Full with running jobs alone, not with claims in flight that may come back empty. */
  filledByRunning(lane: Lane): boolean {
    return this.running(lane) >= this.slotsOf(lane);
  }

  private running(lane: Lane): number {
    return lane === 'other' ? this.others : this.followUps;
  }

  private slotsOf(lane: Lane): number {
    if (lane === 'other') return this.concurrency;
    return this.others > 0 ? 1 : this.followUpSlots;
  }

  anyFree(): boolean {
    return this.laneFree('other') || this.laneFree('followUp');
  }

  /** Holds a slot for a claim in flight; the returned function gives it back. */
  reserve(lane?: Lane): () => void {
    const other = lane !== 'followUp' ? 1 : 0;
    const followUp = lane !== 'other' ? 1 : 0;
    this.reservedOther += other;
    this.reservedFollowUp += followUp;
    return () => {
      this.reservedOther -= other;
      this.reservedFollowUp -= followUp;
      this.wakeAll();
    };
  }

  /** A claimed job started; the returned function marks its end. */
  occupy(type: string): () => void {
    const followUp = isFollowUpJob(type);
    if (followUp) this.followUps += 1;
    else this.others += 1;
    return () => {
      if (followUp) this.followUps -= 1;
      else this.others -= 1;
      this.wakeAll();
    };
  }

  /** Resolves at the next change of the slots (or at wakeAll). */
  changed(): Promise<void> {
    return new Promise<void>((resolve) => this.waiters.push(resolve));
  }

  /** Every waiter looks again: they may wait for different lanes. */
  wakeAll(): void {
    for (const wake of this.waiters.splice(0)) wake();
  }
}
