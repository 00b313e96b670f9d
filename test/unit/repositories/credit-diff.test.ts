import { CreditRecord, planCreditDiff } from '../../../src/repositories/credit-diff';
import { castRow, crewRow, postId } from '../../support/factories';

const CAST = ['person', 'job', 'release_year'];
const CREW = ['person', 'department', 'job', 'release_year'];

/** Rows as stored: each with its own ID. */
const stored = (rows: object[]): CreditRecord[] => rows.map((r) => ({ ...(r as CreditRecord), ID: postId() }));
/** Rows as the sync wants them. */
const wanted = (...rows: object[]): CreditRecord[] => rows as CreditRecord[];

describe('planCreditDiff: stored credits become the wanted ones with the fewest writes', () => {
  it('leaves identical rows alone (numbers and numeric strings compare equal)', () => {
    const rows = [castRow(), castRow()];
    const existing = stored(rows).map((r) => ({ ...r, release_year: String(r.release_year) }));
    expect(planCreditDiff(existing, wanted(...rows), CAST, 'cast')).toEqual({ unchanged: 2, stale: [], updates: [], inserts: [] });
  });

  it('updates a changed role of the same person in place, only the columns that differ', () => {
    const row = castRow({ job: 'Neo' });
    const [existing] = stored([row]);
    const plan = planCreditDiff([existing], wanted({ ...row, job: 'Thomas Anderson' }), CAST, 'cast');
    expect(plan).toEqual({ unchanged: 0, stale: [], updates: [{ id: existing.ID, values: { job: 'Thomas Anderson' } }], inserts: [] });
  });

  it('inserts new people and deletes people no longer credited', () => {
    const [kept, gone] = [castRow(), castRow()];
    const existing = stored([kept, gone]);
    const added = castRow();
    const plan = planCreditDiff(existing, wanted(kept, added), CAST, 'cast');
    expect(plan).toEqual({ unchanged: 1, stale: [existing[1].ID], updates: [], inserts: [added] });
  });

  it('matches crew by person, department and job first, so two jobs of one person each keep their row', () => {
    const person = postId();
    const directing = crewRow({ person, department: 'Directing', job: 'Director' });
    const writing = crewRow({ person, department: 'Writing', job: 'Screenplay' });
    const existing = stored([directing, writing]);
    // The screenplay credit's year changed; the director row is untouched.
    const plan = planCreditDiff(existing, wanted(directing, { ...writing, release_year: 1 }), CREW, 'crew');
    expect(plan).toEqual({ unchanged: 1, stale: [], updates: [{ id: existing[1].ID, values: { release_year: 1 } }], inserts: [] });
  });

  it('falls back to any row of the same person before inserting, and uses each stored row once', () => {
    const person = postId();
    const [existing] = stored([crewRow({ person, department: 'Sound', job: 'Composer' })]);
    const plan = planCreditDiff(
      [existing],
      wanted(crewRow({ person, department: 'Directing', job: 'Director' }), crewRow({ person, department: 'Writing', job: 'Novel' })),
      CREW,
      'crew',
    );
    expect(plan.updates).toEqual([{ id: existing.ID, values: { department: 'Directing', job: 'Director' } }]);
    expect(plan.inserts).toHaveLength(1);
    expect(plan.inserts[0]).toMatchObject({ person, job: 'Novel' });
    expect(plan.stale).toEqual([]);
  });
});
