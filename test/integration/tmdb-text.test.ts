/**
 * TMDb text is text: a hostile catalogue synced through the real container lands
 * in posts, terms and tmu_* rows (both column formats) as encoded text, never as
 * markup; text an older version wrote raw is cleaned by the next sync, an editor's
 * own edit still wins; a person's post title follows the name their details bring.
 */
import { fingerprint } from '../../src/services/sync/editor-guard';
import { decodeHtmlText } from '../../src/mappers/tmdb-text.mapper';
import { slugify } from '../../src/mappers/slug';
import { HOSTILE_PAYLOADS, hostileRewrite } from '../../tools/tmdb-standin/hostile-text';
import { describeEachDatabase, SuiteDatabase } from '../support/test-databases';
import { startSyncHarness, SyncHarness } from '../support/sync-harness';
import { freshTmdbIds } from '../support/jobs-fixtures';

const NO_MEDIA = { images: false, videos: false, seasons: 'none' } as const;
/** Markup a page would run: a tag opening or a quote that ends an attribute. */
const MARKUP = /[<>"]/;
/** In rows: list columns are JSON or PHP-serialized, so their quotes are structure; a tag still needs < or >. */
const ROW_MARKUP = /[<>]/;

/** Every string of a row (list columns included, as stored) with a character of markup. */
function markupIn(row: Record<string, unknown>): string[] {
  return Object.entries(row)
    .filter(([, value]) => typeof value === 'string' && ROW_MARKUP.test(value))
    .map(([column, value]) => `${column}: ${String(value).slice(0, 80)}`);
}

async function post(t: SuiteDatabase, id: number): Promise<{ title: string; content: string; status: string }> {
  return t.db(t.table('tmu_local_posts')).where({ id }).first();
}

for (const format of ['php', 'json'] as const) {
  describeEachDatabase(`TMDb text is text (${format} columns)`, (t) => {
    let h: SyncHarness;
    beforeAll(async () => {
      h = await startSyncHarness(t, { env: { TMU_COLUMN_FORMAT: format } });
      h.standin.setRewrite(hostileRewrite());
    });
    afterAll(async () => {
      h?.standin.setRewrite(null);
      await h?.close();
    });

    it('stores a hostile movie, its terms, credits and people as text', async () => {
      const { postId, title } = await h.app.sync.sync('movie', 550, { ...NO_MEDIA, credits: true });
      // Job logs and results are plain text: the words as TMDb sent them.
      expect(title).toContain(HOSTILE_PAYLOADS[0]);
      const stored = await post(t, postId);
      expect(stored.title).not.toMatch(MARKUP);
      expect(decodeHtmlText(stored.title)).toContain(HOSTILE_PAYLOADS[0]);
      expect(decodeHtmlText(stored.content)).toContain(HOSTILE_PAYLOADS[3]);
      const movie = await t.db(t.table('tmu_movies')).where({ ID: postId }).first();
      expect(markupIn(movie)).toEqual([]);
      expect(decodeHtmlText(movie.tagline)).toContain(HOSTILE_PAYLOADS[4]);
      expect(movie.homepage).toBeNull();
      const cast = await t.db(t.table('tmu_movies_cast')).where({ movie: postId });
      expect(cast.length).toBeGreaterThan(0);
      expect(cast.flatMap(markupIn)).toEqual([]);
      const terms = await t.db(t.table('tmu_local_terms')).select('name', 'slug');
      expect(terms.length).toBeGreaterThan(0);
      expect(terms.filter((term) => MARKUP.test(term.name))).toEqual([]);
      // A slug comes out as WordPress makes it from the plain words.
      for (const term of terms) expect(term.slug).toBe(slugify(decodeHtmlText(term.name)));
      const people = await t.db(t.table('tmu_people')).select('ID', 'name', 'biography', 'birthplace');
      expect(people.length).toBeGreaterThan(0);
      expect(people.flatMap(markupIn)).toEqual([]);
      const peoplePosts = await t.db(t.table('tmu_local_posts')).where({ type: 'people' }).select('title', 'content');
      expect(peoplePosts.filter((p) => MARKUP.test(p.title) || MARKUP.test(p.content))).toEqual([]);
    });

    it('stores a hostile series, its seasons and episodes as text', async () => {
      const { postId } = await h.app.sync.sync('tv', 1399, { images: false, videos: false, credits: false, seasons: 'all' });
      expect((await post(t, postId)).title).not.toMatch(MARKUP);
      const seasons = await t.db(t.table('tmu_tv_series_seasons')).where({ tv_series: postId });
      const episodes = await t.db(t.table('tmu_tv_series_episodes')).where({ tv_series: postId });
      expect(seasons.length).toBeGreaterThan(0);
      expect(episodes.length).toBeGreaterThan(0);
      expect([...seasons, ...episodes].flatMap(markupIn)).toEqual([]);
      const children = await t.db(t.table('tmu_local_posts')).whereIn(
        'id',
        [...seasons, ...episodes].map((r) => r.ID),
      );
      expect(children.filter((c) => MARKUP.test(c.title) || MARKUP.test(c.content))).toEqual([]);
      expect(decodeHtmlText(episodes[0].episode_title)).toContain(HOSTILE_PAYLOADS[1]);
    });

    it("cleans a post and a row an older version wrote raw, and keeps an editor's own edit", async () => {
      const { postId } = await h.app.sync.sync('movie', 550, { ...NO_MEDIA, credits: false });
      const raw = decodeHtmlText((await post(t, postId)).title);
      const rawTagline = decodeHtmlText((await t.db(t.table('tmu_movies')).where({ ID: postId }).first()).tagline);
      // What an older version left: raw markup, fingerprinted as its own.
      await t.db(t.table('tmu_local_posts')).where({ id: postId }).update({ title: raw });
      await t.db(t.table('tmu_movies')).where({ ID: postId }).update({ tagline: rawTagline });
      await h.app.repos.fingerprints.save('movie:post', postId, new Map([['title', fingerprint(raw)]]));
      await h.app.repos.fingerprints.save('movie', postId, new Map([['tagline', fingerprint(rawTagline)]]));
      await t.db(t.table('tmu_api_cache')).delete();
      await h.app.sync.sync('movie', 550, { ...NO_MEDIA, credits: false });
      expect((await post(t, postId)).title).not.toMatch(MARKUP);
      expect((await t.db(t.table('tmu_movies')).where({ ID: postId }).first()).tagline).not.toMatch(MARKUP);

      await t.db(t.table('tmu_local_posts')).where({ id: postId }).update({ title: 'Our own <em>title</em>' });
      await h.app.sync.sync('movie', 550, { ...NO_MEDIA, credits: false });
      expect((await post(t, postId)).title).toBe('Our own <em>title</em>');
    });
  });
}

describeEachDatabase("a person's post title and tmu_people.name agree", (t) => {
  let h: SyncHarness;
  beforeAll(async () => {
    h = await startSyncHarness(t);
  });
  afterAll(async () => {
    h?.standin.setRewrite(null);
    await h?.close();
  });

  /** The stand-in's person answers name each person anew, as TMDb does when a name is corrected after the credits. */
  const renamePeople = (suffix: string) =>
    h.standin.setRewrite((path, body) => (/^\/person\/\d+$/.test(path) ? { ...(body as object), name: `${(body as { name: string }).name} ${suffix}` } : body));

  it('gives the post the name the details bring, then leaves a title an editor changed', async () => {
    const [id] = freshTmdbIds(1);
    renamePeople('(details)');
    const { postId } = await h.app.sync.sync('movie', id, { ...NO_MEDIA, credits: true });
    const people = () =>
      t
        .db(t.table('tmu_people'))
        .whereIn('ID', t.db(t.table('tmu_movies_cast')).where({ movie: postId }).select('person'))
        .select('ID', 'tmdb_id', 'name');
    const credited = await people();
    expect(credited.length).toBeGreaterThan(1);
    for (const person of credited) {
      expect(person.name).toMatch(/\(details\)$/);
      expect((await post(t, person.ID)).title).toBe(person.name);
    }

    const [edited, other] = credited;
    await t.db(t.table('tmu_local_posts')).where({ id: edited.ID }).update({ title: 'Name an editor chose' });
    renamePeople('(renamed)');
    await t.db(t.table('tmu_api_cache')).delete();
    // Due again, as after the refresh window.
    await t.db(t.table('tmu_people')).whereIn('ID', [edited.ID, other.ID]).update({ synced_at: null });
    await h.app.sync.peopleRefresh.refresh([edited.tmdb_id, other.tmdb_id].map(Number), []);
    const after = new Map((await people()).map((p) => [p.ID, p.name]));
    expect(after.get(other.ID)).toMatch(/\(renamed\)$/);
    expect((await post(t, other.ID)).title).toBe(after.get(other.ID));
    expect((await post(t, edited.ID)).title).toBe('Name an editor chose');
  });
});
