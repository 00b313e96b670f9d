import { airPostDate, releaseTimestamp, releaseYear, timestampToYmd, titlePostDate, toYmd, tvCertification, usTheatricalRelease } from '../../../src/mappers/dates';
import { movie, tv } from './factories';

function releases(country: string, ...entries: Array<[type: number, date: string, certification: string]>) {
  return {
    iso_3166_1: country,
    release_dates: entries.map(([type, release_date, certification]) => ({ type, release_date, certification, note: '', iso_639_1: '' })),
  };
}

describe('toYmd / releaseTimestamp / releaseYear', () => {
  it('reads dates and ISO datetimes', () => {
    expect(toYmd('1999-10-15')).toBe('1999-10-15');
    expect(toYmd('1999-10-15T00:00:00.000Z')).toBe('1999-10-15');
  });

  it('rejects empty and impossible dates', () => {
    expect(toYmd('')).toBeNull();
    expect(toYmd(null)).toBeNull();
    expect(toYmd('2023-02-30')).toBeNull();
    expect(toYmd('15/10/1999')).toBeNull();
    expect(releaseTimestamp('')).toBeNull();
    expect(releaseYear(undefined)).toBeNull();
  });

  it('is strtotime() at 00:00 UTC', () => {
    expect(releaseTimestamp('1999-10-15')).toBe(939945600);
    expect(releaseTimestamp('1970-01-01')).toBe(0);
    expect(releaseTimestamp('1969-12-31')).toBe(-86400);
    expect(timestampToYmd(939945600)).toBe('1999-10-15');
    expect(releaseYear('1999-10-15')).toBe('1999');
  });
});

describe('post dates', () => {
  const now = new Date('2020-01-01T00:00:00Z');

  it('backdates titles by 14 days', () => {
    expect(titlePostDate(releaseTimestamp('1999-10-15'))).toBe('1999-10-01');
    expect(titlePostDate(null)).toBeUndefined();
  });

  it('drops a date that is not in the past when `now` is given', () => {
    expect(titlePostDate(releaseTimestamp('2020-01-14'), now)).toBe('2019-12-31');
    expect(titlePostDate(releaseTimestamp('2020-01-15'), now)).toBeUndefined();
    expect(airPostDate('2019-12-31', now)).toBe('2019-12-31');
    expect(airPostDate('2020-01-01', now)).toBeUndefined();
    expect(airPostDate('2030-05-05')).toBe('2030-05-05');
  });
});

describe('usTheatricalRelease', () => {
  it('prefers the region theatrical release and its certification', () => {
    const m = movie({
      release_date: '1999-09-10',
      release_dates: {
        results: [
          releases('DE', [3, '1999-11-11T00:00:00.000Z', '18']),
          releases('US', [1, '1999-09-21T00:00:00.000Z', ''], [3, '1999-10-15T00:00:00.000Z', 'R'], [5, '2000-04-25T00:00:00.000Z', 'R']),
        ],
      },
    });
    expect(usTheatricalRelease(m)).toEqual({ date: '1999-10-15', certification: 'R' });
    expect(usTheatricalRelease(m, 'DE')).toEqual({ date: '1999-11-11', certification: '18' });
  });

  it('takes the earliest theatrical release of the region', () => {
    const m = movie({ release_dates: { results: [releases('US', [3, '2001-02-02', 'PG'], [3, '2000-01-01', ''])] } });
    expect(usTheatricalRelease(m)).toEqual({ date: '2000-01-01', certification: 'PG' });
  });

  it('falls back to any certified release of the region, then of any country', () => {
    const regionOnly = movie({ release_date: '2010-05-05', release_dates: { results: [releases('US', [4, '2010-06-01', 'PG-13'])] } });
    expect(usTheatricalRelease(regionOnly)).toEqual({ date: '2010-05-05', certification: 'PG-13' });
    const elsewhere = movie({ release_date: '2010-05-05', release_dates: { results: [releases('US', [3, '2010-05-07', '']), releases('FR', [3, '2010-05-09', 'U'])] } });
    expect(usTheatricalRelease(elsewhere)).toEqual({ date: '2010-05-07', certification: 'U' });
  });

  it('uses release_date alone without release_dates, and null for nothing', () => {
    expect(usTheatricalRelease(movie({ release_date: '2012-12-12' }))).toEqual({ date: '2012-12-12', certification: null });
    expect(usTheatricalRelease(movie({ release_date: '' }))).toEqual({ date: null, certification: null });
  });
});

describe('tvCertification', () => {
  it('prefers the region, else the first non-empty rating', () => {
    const show = tv({
      content_ratings: {
        results: [
          { iso_3166_1: 'FR', rating: '' },
          { iso_3166_1: 'DE', rating: '16' },
          { iso_3166_1: 'US', rating: 'TV-MA' },
        ],
      },
    });
    expect(tvCertification(show)).toBe('TV-MA');
    expect(tvCertification(show, 'GB')).toBe('16');
    expect(tvCertification(tv())).toBeNull();
  });
});
