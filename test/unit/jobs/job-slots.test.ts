import { FOLLOW_UP_TYPES } from '../../../src/domain/job-registry';
import { JobSlots } from '../../../src/jobs/job-slots';

const FOLLOW_UP = FOLLOW_UP_TYPES[0];

describe('JobSlots', () => {
  it('gives follow-ups all their slots while nothing else runs, and one while an import runs', () => {
    const slots = new JobSlots(2, 3);
    const followUps = [slots.occupy(FOLLOW_UP), slots.occupy(FOLLOW_UP)];
    expect(slots.laneFree('followUp')).toBe(true);
    const importEnds = slots.occupy('import');
    expect(slots.laneFree('followUp')).toBe(false);
    expect(slots.filledByRunning('followUp')).toBe(true);
    importEnds();
    expect(slots.filledByRunning('followUp')).toBe(false);
    followUps.push(slots.occupy(FOLLOW_UP));
    expect(slots.filledByRunning('followUp')).toBe(true);
    expect(slots.laneFree('other')).toBe(true);
  });

  it('counts a claim in flight against a lane as free, but not as filled by running jobs', () => {
    const slots = new JobSlots(1, 2);
    const giveBack = slots.reserve('other');
    expect(slots.laneFree('other')).toBe(false);
    expect(slots.filledByRunning('other')).toBe(false);
    expect(slots.claimable()).toEqual({ only: FOLLOW_UP_TYPES });
    giveBack();
    expect(slots.laneFree('other')).toBe(true);
    const unknown = slots.reserve();
    expect(slots.laneFree('other')).toBe(false);
    expect(slots.laneFree('followUp')).toBe(true);
    unknown();
    const ends = slots.occupy('import');
    expect(slots.filledByRunning('other')).toBe(true);
    expect(slots.anyFree()).toBe(true);
    const followUpEnds = slots.occupy(FOLLOW_UP);
    expect(slots.anyFree()).toBe(false);
    ends();
    followUpEnds();
    expect(slots.anyFree()).toBe(true);
  });
});
