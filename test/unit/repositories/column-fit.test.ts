import { encodeHtmlText } from '../../../src/mappers/tmdb-text.mapper';
import { fitToColumns } from '../../../src/repositories/column-fit';

/** A character name whose 255th character falls inside an encoded `&`. */
function characterEndingInEntity(): string {
  return encodeHtmlText(`${'x'.repeat(252)}& more`);
}

describe('fitToColumns', () => {
  it('cuts an encoded text before an entity it would split, so no stray "&am" reaches a page', () => {
    const { values, cuts } = fitToColumns('wp_tmu_movies_cast', { job: characterEndingInEntity() });
    expect(values.job).toBe('x'.repeat(252));
    expect(cuts).toEqual([{ column: 'job', from: 262, to: 252 }]);
  });

  it('keeps a whole entity that ends inside the limit', () => {
    const whole = encodeHtmlText(`${'x'.repeat(240)}& more ${'y'.repeat(20)}`);
    const { values } = fitToColumns('wp_tmu_movies_cast', { job: whole });
    expect(values.job).toBe(`${'x'.repeat(240)}&amp; more ${'y'.repeat(4)}`);
    expect(Array.from(values.job as string)).toHaveLength(255);
  });
});
