/**
 * The "TMU fields" box in a real browser, on the whole product (WordPress 6.1 with the plugin,
 * MariaDB, the sidecar and the TMDb stand-in): a video's box, the box in the block editor, and the
 * save's checks of each value and the bytes it writes in both column formats.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Page } from 'playwright-core';
import { createColumnCodec, decodeColumn } from '../../src/mappers/column-codec';
import { encodeHtmlText } from '../../src/mappers/tmdb-text.mapper';
import { AdminStack, startAdminStack } from './support/admin-stack';
import { openAdmin, saveScreenshot } from './support/browser';
import { importMovieAndSeries } from './support/editable-fields-fixtures';
import { FullStack } from './support/full-stack';

jest.setTimeout(900_000);

describe('TMU fields box: videos, the block editor and the save', () => {
  let admin: AdminStack | undefined;
  let s: FullStack;
  let page: Page;
  let movieId: number;
  let seriesId: number;
  let personId: number;

  const table = (name: string) => `${s.wp.tablePrefix}${name}`;
  const row = async (name: string, id: number): Promise<Record<string, any>> => s.app.db(table(name)).where({ ID: id }).first();
  const edit = async (id: number) => {
    await openAdmin(page, s.wp, `post.php?post=${id}&action=edit`);
    await page.locator('#tmu-fields').waitFor();
  };

  beforeAll(async () => {
    admin = await startAdminStack({
      wpPort: 18229,
      sidecarPort: 18929,
      dbName: `tmu_e2e_fields_input_${process.pid}`,
      prepare: async (started) => {
        s = started;
        ({ movieId, seriesId } = await importMovieAndSeries(s));
        // Published, as editable-fields leaves it: the block editor shows Update (not Publish…) for a published post.
        expect((await s.api('POST', `/wp/v2/tv/${seriesId}`, { body: { status: 'publish' } })).status).toBe(200);
        // A star of the movie: a people post the person fields accept.
        personId = Number((decodeColumn((await row('tmu_movies', movieId)).star_cast) as Array<{ person: number }>)[0].person);
      },
    });
    page = admin.page;
  });
  afterAll(() => admin?.close());

  it("a video's box shows its stored key and kind", async () => {
    const video = await s.app.db(table('tmu_videos')).where({ post_id: movieId }).orderBy('ID').first();
    const data = decodeColumn(video.video_data) as Record<string, string>;
    await edit(Number(video.ID));
    expect(await page.inputValue('#tmu-field-video_data-source')).toBe(data.source);
    expect(await page.inputValue('#tmu-field-video_data-content_type')).toBe(data.content_type);
    // It links back to its title.
    expect(await page.getAttribute('#tmu-parents a', 'href')).toContain(`post=${movieId}&`);
    await saveScreenshot(page, 'fields-box-video');
  });

  it('works in the block editor: the box sits in the meta box area and saves with Update', async () => {
    // The TMU types use the classic editor unless a site opts in to blocks (tmu_sidecar_use_block_editor).
    const muPlugins = path.join(s.wp.wpDir, 'wp-content', 'mu-plugins');
    fs.mkdirSync(muPlugins, { recursive: true });
    fs.writeFileSync(path.join(muPlugins, 'tmu-blocks-for-tmu-types.php'), "<?php\nadd_filter( 'tmu_sidecar_use_block_editor', '__return_true' );\n");
    try {
      await page.goto(`${s.wp.url}/wp-admin/post.php?post=${seriesId}&action=edit`, { waitUntil: 'domcontentloaded' });
      await page.locator('.editor-post-publish-button').waitFor();
      const guide = page.locator('.components-modal__frame button[aria-label="Close"]');
      if (await guide.count()) await guide.click();
      await page.locator('#tmu-fields').waitFor();
      await page.fill('#tmu-field-schedule_time-input', '21:00');
      await page.click('.editor-post-publish-button');
      const deadline = Date.now() + 60_000;
      while ((await row('tmu_tv_series', seriesId)).schedule_time !== '21:00' && Date.now() < deadline) await new Promise((r) => setTimeout(r, 250));
      expect((await row('tmu_tv_series', seriesId)).schedule_time).toBe('21:00');
      await saveScreenshot(page, 'fields-box-block-editor');
    } finally {
      fs.rmSync(path.join(muPlugins, 'tmu-blocks-for-tmu-types.php'), { force: true });
    }
  });

  it("the save validates each value and writes the sidecar's own bytes, in both column formats", async () => {
    const cases: Array<{ kind: Record<string, unknown>; raw: unknown }> = [
      { kind: { kind: 'number' }, raw: '-3' },
      { kind: { kind: 'number' }, raw: 'twelve' },
      { kind: { kind: 'number' }, raw: '0012' },
      { kind: { kind: 'date' }, raw: '2021-02-29' },
      { kind: { kind: 'date' }, raw: '2020-02-29' },
      { kind: { kind: 'url' }, raw: 'javascript:alert(1)' },
      { kind: { kind: 'url' }, raw: 'https://a.example/?a=1&b=2' },
      { kind: { kind: 'text' }, raw: '<b>Tom</b> & "Jerry\'s"' },
      { kind: { kind: 'select', options: { G: 'G', PG: 'PG' } }, raw: 'XXX' },
      { kind: { kind: 'finished' }, raw: 'yes' },
      { kind: { kind: 'names' }, raw: 'A & B, C' },
      {
        kind: { kind: 'group', sub: { person: { kind: 'person', label: 'Person', require: true }, character: { kind: 'text', label: 'Character' } } },
        raw: [{ person: String(movieId), character: 'X' }],
      },
      {
        kind: { kind: 'group', sub: { person: { kind: 'person', label: 'Person', require: true }, character: { kind: 'text', label: 'Character' } } },
        raw: [
          { person: String(personId), character: 'Tom & Jerry' },
          { person: '', character: '' },
        ],
      },
    ];
    const run = async (format: string): Promise<Array<{ bytes?: string | null; error?: string }>> => {
      const out = await s.wp.runPhp(`
        $cases = json_decode( base64_decode( '${Buffer.from(JSON.stringify(cases)).toString('base64')}' ), true );
        $out = array();
        foreach ( $cases as $case ) {
          try { $out[] = array( 'bytes' => \\TMU\\Sidecar\\Field_Input::to_bytes( $case['kind'], $case['raw'], '${format}' ) ); }
          catch ( \\InvalidArgumentException $e ) { $out[] = array( 'error' => $e->getMessage() ); }
        }
        echo wp_json_encode( $out );`);
      return JSON.parse(out);
    };
    for (const format of ['php', 'json'] as const) {
      const codec = createColumnCodec(format);
      const got = await run(format);
      expect(got.map((r) => (r.error === undefined ? 'ok' : 'error'))).toEqual([
        'error',
        'error',
        'ok',
        'error',
        'ok',
        'error',
        'ok',
        'ok',
        'error',
        'ok',
        'ok',
        'error',
        'ok',
      ]);
      expect(got[2].bytes).toBe('12');
      expect(got[4].bytes).toBe('2020-02-29');
      expect(got[6].bytes).toBe(encodeHtmlText('https://a.example/?a=1&b=2'));
      expect(got[7].bytes).toBe(encodeHtmlText('Tom & "Jerry\'s"'));
      expect(got[9].bytes).toBe(format === 'php' ? '1' : 'Yes');
      expect(got[10].bytes).toBe(format === 'php' ? 'A &amp; B, C' : codec.encode([{ name: 'A &amp; B' }, { name: 'C' }]));
      expect(got[11].error).toMatch(/Entry 1, Person/);
      expect(got[12].bytes).toBe(codec.encode([{ person: personId, character: encodeHtmlText('Tom & Jerry') }]));
    }
  });
});
