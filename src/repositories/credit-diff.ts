/** A cast or crew link row as compared: the credit columns, and ID when stored. */
export type CreditRecord = Record<string, unknown> & { ID?: number; person: number };

export interface CreditDiffPlan {
  /** Wanted rows already stored exactly so. */
  unchanged: number;
  /** IDs of stored rows no wanted row matched. */
  stale: number[];
  /** Stored rows of the same person updated in place: only the columns that differ. */
  updates: Array<{ id: number; values: Record<string, unknown> }>;
  inserts: CreditRecord[];
}

/**
 * How a title's stored credits become the wanted ones with the fewest writes:
 * 1. identical rows stay as they are; 2. the same person (same department/job
 * first, then any row of theirs) is updated in place; 3. the rest is inserted,
 * and stored rows nothing matched are deleted.
 */
export function planCreditDiff(existing: CreditRecord[], next: CreditRecord[], columns: string[], which: 'cast' | 'crew'): CreditDiffPlan {
  const unmatched = new Set(existing);
  const exact = new CreditBuckets(existing, columns);
  const pending: CreditRecord[] = [];
  let unchanged = 0;
  for (const row of next) {
    if (exact.take(row, unmatched)) unchanged += 1;
    else pending.push(row);
  }
  const byRole = new CreditBuckets([...unmatched], which === 'crew' ? ['person', 'department', 'job'] : ['person', 'job']);
  const byPerson = new CreditBuckets([...unmatched], ['person']);
  const updates: CreditDiffPlan['updates'] = [];
  const inserts: CreditRecord[] = [];
  for (const row of pending) {
    const hit = byRole.take(row, unmatched) ?? byPerson.take(row, unmatched);
    if (!hit) {
      inserts.push(row);
      continue;
    }
    const values: Record<string, unknown> = {};
    for (const c of columns) if (creditKey(hit, [c]) !== creditKey(row, [c])) values[c] = row[c];
    updates.push({ id: Number(hit.ID), values });
  }
  return { unchanged, stale: [...unmatched].map((e) => Number(e.ID)), updates, inserts };
}

/** A canonical string for some columns of a credit row (numbers and numeric strings compare equal). */
function creditKey(row: Record<string, unknown>, columns: string[]): string {
  return JSON.stringify(columns.map((c) => (row[c] === null || row[c] === undefined ? null : String(row[c]))));
}

/** Existing rows bucketed by some columns; take() hands out each row once. */
class CreditBuckets {
  private readonly buckets = new Map<string, CreditRecord[]>();

  constructor(
    rows: CreditRecord[],
    private readonly columns: string[],
  ) {
    for (const row of rows) {
      const key = creditKey(row, columns);
      const list = this.buckets.get(key) ?? [];
      list.push(row);
      this.buckets.set(key, list);
    }
  }

  take(row: CreditRecord, available: Set<CreditRecord>): CreditRecord | undefined {
    const list = this.buckets.get(creditKey(row, this.columns));
    while (list && list.length > 0) {
      const candidate = list.shift() as CreditRecord;
      if (available.delete(candidate)) return candidate;
    }
    return undefined;
  }
}
