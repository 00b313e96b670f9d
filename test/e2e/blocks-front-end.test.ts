/**
 * The plugin's blocks and single templates on a fresh site: Fight Club and the first season of Game of
 * Thrones are synced, then Chromium opens their pages on Twenty Twenty-Three (a block theme without
 * TMU templates) as a visitor and reads the cast with their characters, the runtime, the trailer
 * player, the seasons, an episode's name and overview, and a person's filmography. Expected values come
 * from the TMDb stand-in's own answers. Also: the editor renders a block placed in a page, a classic
 * theme gets the blocks after the content, raw markup in a row is shown as text, and a draft title's
 * data stays out of a public page. Screenshots land in test-artifacts/blocks-*.png.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser, logIn, saveScreenshot } from './support/browser';
import { FullStack, startFullStack } from './support/full-stack';

jest.setTimeout(600_000);

const MOVIE = 550;
const SERIES = 1399;
const BLOCKS = ['cast', 'crew', 'details', 'filmography', 'gallery', 'seasons', 'trailer', 'watch'];
const TMU_POST_TYPES = ['movie', 'tv', 'season', 'episode', 'drama', 'drama-episode', 'people', 'video'];
const NOCOOKIE = 'https://www.youtube-nocookie.com/embed/';
/** Raw markup as a legacy importer may have written it into a row: it must show as words. */
const HOSTILE_NAME = `<img src=x onerror="window.__tmuXss=1" id="tmu-xss-img"> Winter`;

interface TmdbCredit {
  name: string;
  character: string;
  order: number;
}
interface TmdbVideo {
  site: string;
  key: string;
  type: string;
  name: string;
}

/** Text as a page shows it: the stand-in's text with runs of white space as one space. */
const words = (text: string | null): string => (text ?? '').replace(/\s+/g, ' ').trim();

describe('blocks and single templates on Twenty Twenty-Three', () => {
  let s: FullStack;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let movieId: number;
  let seriesId: number;
  let movie: { runtime: number; credits: { cast: TmdbCredit[] }; videos: { results: TmdbVideo[] } };
  let season: { name: string; episodes: Array<{ name: string; overview: string; episode_number: number }> };

  const tmdb = async <T>(route: string): Promise<T> => {
    const res = await fetch(`${s.standin.url}${route}${route.includes('?') ? '&' : '?'}api_key=${s.standin.apiKey}`);
    expect(res.status).toBe(200);
    return (await res.json()) as T;
  };
  const linkOf = async (type: string, id: number): Promise<string> => {
    const res = await s.api('GET', `/wp/v2/${type}/${id}`, { auth: null });
    expect(res.status).toBe(200);
    return res.body.link as string;
  };
  const visit = async (url: string): Promise<void> => {
    const res = await page.goto(url, { waitUntil: 'domcontentloaded' });
    expect(res?.status()).toBe(200);
  };

  beforeAll(async () => {
    s = await startFullStack({ wpPort: 18165, sidecarPort: 18865, dbName: `tmu_e2e_blocks_f_${process.pid}` });
    movieId = (await s.app.sync.sync('movie', MOVIE)).postId;
    seriesId = (await s.app.sync.sync('tv', SERIES, { images: false, credits: false, seasons: [1] })).postId;
    await s.waitForIdle();
    movie = await tmdb(`/movie/${MOVIE}?append_to_response=credits,videos`);
    season = await tmdb(`/tv/${SERIES}/season/1`);
    browser = await launchBrowser();
    context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    context.setDefaultTimeout(60_000);
    // No internet: players and fonts from elsewhere are refused at once instead of waiting for DNS.
    await context.route('**/*', (route) => (new URL(route.request().url()).hostname === '127.0.0.1' ? route.continue() : route.abort()));
    page = await context.newPage();
  });
  afterAll(async () => {
    await browser?.close().catch(() => undefined);
    await s?.close();
  });

  it('registers every block from its block.json, and a single template per TMU post type', async () => {
    const types = await s.api('GET', '/wp/v2/block-types', { query: { namespace: 'tmu-sidecar' } });
    expect(types.status).toBe(200);
    expect((types.body as Array<{ name: string }>).map((b) => b.name).sort()).toEqual(BLOCKS.map((b) => `tmu-sidecar/${b}`));
    const cast = (types.body as Array<{ name: string; attributes: Record<string, unknown>; editor_script: string }>).find((b) => b.name === 'tmu-sidecar/cast');
    expect(Object.keys(cast?.attributes ?? {})).toEqual(expect.arrayContaining(['postId', 'limit']));

    const templates = await s.api('GET', '/wp/v2/templates');
    expect(templates.status).toBe(200);
    const ours = (templates.body as Array<{ slug: string; source: string; content: { raw: string } }>).filter((t) => t.source === 'plugin');
    expect(ours.map((t) => t.slug).sort()).toEqual(TMU_POST_TYPES.map((t) => `single-${t}`).sort());
    const single = await s.api('GET', '/wp/v2/templates/twentytwentythree//single-movie');
    expect(single.status).toBe(200);
    expect(single.body.content.raw).toContain('<!-- wp:tmu-sidecar/cast /-->');
    expect(single.body.content.raw).toContain('<!-- wp:post-content');
  });

  it('shows Fight Club’s cast with characters, runtime and trailer player to a visitor', async () => {
    await visit(await linkOf('movie', movieId));
    const cast = page.locator('.tmu-cast');
    await cast.waitFor();
    const top = movie.credits.cast.filter((c) => c.order < 4);
    expect(top.length).toBe(4);
    for (const credit of top) {
      const person = cast.locator('.tmu-person', { has: page.locator('.tmu-person__name', { hasText: words(credit.name) }) }).first();
      expect(await person.isVisible()).toBe(true);
      expect(words(await person.locator('.tmu-person__role').textContent())).toBe(words(credit.character));
      // Each synced person has a public page the portrait and name link to.
      expect(await person.locator('a.tmu-person__link').getAttribute('href')).toMatch(new RegExp(`^${s.wp.url}/`));
    }
    expect(await cast.getAttribute('aria-labelledby')).toBe(await cast.locator('h2').getAttribute('id'));

    const details = page.locator('.tmu-details');
    expect(words(await details.textContent())).toContain(`Runtime${movie.runtime} minutes`);

    const iframe = page.locator('.tmu-trailer iframe');
    const src = (await iframe.getAttribute('src')) ?? '';
    expect(src.startsWith(NOCOOKIE)).toBe(true);
    const trailer = movie.videos.results.find((v) => v.site === 'YouTube' && `${NOCOOKIE}${v.key}` === src);
    expect(trailer?.type).toBe('Trailer');
    expect(await iframe.getAttribute('title')).toBe(trailer?.name);
    await saveScreenshot(page, 'blocks-movie');
  });

  it('links a cast member to their page, which lists the movie in the filmography', async () => {
    await visit(await linkOf('movie', movieId));
    const first = movie.credits.cast.find((c) => c.order === 0)!;
    await page
      .locator('.tmu-cast a.tmu-person__link', { hasText: words(first.name) })
      .first()
      .click();
    const filmography = page.locator('.tmu-filmography');
    await filmography.waitFor();
    const entry = filmography.locator('li', { hasText: 'Fight Club' });
    expect(words(await entry.locator('.tmu-filmography__role').textContent())).toBe(words(first.character));
    await saveScreenshot(page, 'blocks-person');
  });

  it('shows Game of Thrones’ seasons, and an episode page its name and overview', async () => {
    await visit(await linkOf('tv', seriesId));
    const seasons = page.locator('.tmu-seasons .tmu-seasons__season');
    expect(await seasons.count()).toBe(1);
    expect(words(await seasons.first().locator('.tmu-seasons__name').textContent())).toBe(season.name);
    expect(words(await seasons.first().locator('summary').textContent())).toContain(`(${season.episodes.length} episodes)`);
    await seasons.first().locator('summary').click();
    const episodes = seasons.first().locator('.tmu-episodes__episode');
    expect(await episodes.count()).toBe(season.episodes.length);
    await saveScreenshot(page, 'blocks-series');

    const pilot = season.episodes.find((e) => e.episode_number === 1)!;
    await episodes.first().locator('a.tmu-episodes__name').click();
    await page.locator('.tmu-details').waitFor();
    expect(words(await page.locator('.tmu-details__name').textContent())).toBe(words(pilot.name));
    expect(words(await page.locator('main').textContent())).toContain(words(pilot.overview));
    await saveScreenshot(page, 'blocks-episode');
  });

  it('shows raw markup from a row as text: no element is made, nothing runs', async () => {
    const table = `${s.wp.tablePrefix}tmu_tv_series_episodes`;
    const updated = await s.app.db(table).where({ season_no: 1, episode_no: 1 }).update({ episode_title: HOSTILE_NAME });
    expect(updated).toBe(1);
    const [{ ID: episodeId }] = await s.app.db(table).where({ season_no: 1, episode_no: 1 }).select('ID');
    await visit(await linkOf('episode', Number(episodeId)));
    await page.locator('.tmu-details__name').waitFor();
    expect(words(await page.locator('.tmu-details__name').textContent())).toBe(HOSTILE_NAME);
    expect(await page.locator('#tmu-xss-img, img[onerror]').count()).toBe(0);
    expect(await page.evaluate('window.__tmuXss')).toBeUndefined();
    await saveScreenshot(page, 'blocks-hostile');
  });

  it('escapes raw values handed to the views themselves: text, attributes and links', async () => {
    const out = await s.wp.runPhp(`
$post   = get_post( ${movieId} );
$raw    = '<b id="raw">x</b>"><script>alert(1)</script>';
$person = array( 'name' => $raw, 'character' => $raw, 'link' => 'javascript:alert(1)', 'profile' => array( 'medium' => 'javascript:alert(2)' ) );
$title  = new TMU\\Sidecar\\Block_Title_Views();
$media  = new TMU\\Sidecar\\Block_Media_Views();
echo wp_json_encode( array(
	'cast'    => $title->render( 'cast', array( 'cast' => array( $person ) ), $post, 0, 'h1' ),
	'details' => $title->render( 'details', array( 'tagline' => $raw, 'genres' => array( array( 'name' => $raw, 'link' => 'javascript:alert(3)' ) ) ), $post, 0, 'h2' ),
	'trailer' => $media->render( 'trailer', array( 'videos' => array( array( 'site' => 'YouTube', 'key' => 'abc123"onload="x', 'type' => 'Trailer', 'name' => $raw ) ) ), $post, 0, 'h3' ),
	'named'   => $media->render( 'trailer', array( 'videos' => array( array( 'site' => 'YouTube', 'key' => 'abc123_-XY', 'type' => 'Trailer', 'name' => $raw ) ) ), $post, 0, 'h4' ),
	'watch'   => $media->render( 'watch', array( 'watch' => array( array( 'name' => $raw, 'url' => 'javascript:alert(4)' ) ) ), $post, 0, 'h5' ),
) );`);
    const html = JSON.parse(out.trim().split('\n').pop() ?? '{}') as Record<string, string>;
    for (const [view, markup] of Object.entries(html)) {
      // No live tag, no script URL, and no empty link or image left where a script URL was refused.
      expect([view, /<b\b|<script|javascript:|"onload=|(href|src)=""/i.test(markup)]).toEqual([view, false]);
    }
    expect(html.cast).toContain('&lt;b id=&quot;raw&quot;&gt;x&lt;/b&gt;');
    expect(html.trailer).toBe(''); // a key that is not a YouTube key makes no player
    expect(html.named).toContain(`src="${NOCOOKIE}abc123_-XY"`);
    expect(html.named).toContain('title="&lt;b id=&quot;raw&quot;&gt;x&lt;/b&gt;&quot;&gt;&lt;script&gt;');
  });

  it('renders a block placed in a page, in the block editor and on the front end; the site editor opens the template', async () => {
    const created = await s.api('POST', '/wp/v2/pages', {
      body: { title: 'Our cast', status: 'publish', content: `<!-- wp:tmu-sidecar/cast {"postId":${movieId},"limit":2} /-->` },
    });
    expect(created.status).toBe(201);
    const rendered = await s.api('GET', `/wp/v2/block-renderer/tmu-sidecar/cast`, {
      query: { context: 'edit', post_id: created.body.id, 'attributes[postId]': movieId, 'attributes[limit]': 3 },
    });
    expect(rendered.status).toBe(200);
    expect(rendered.body.rendered.match(/class="tmu-person"/g)).toHaveLength(3);

    await visit(created.body.link);
    expect(await page.locator('.tmu-cast .tmu-person').count()).toBe(2);

    // Logged in in a context of its own: the visitor's pages stay anonymous.
    const editorContext = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    try {
      const editor = await editorContext.newPage();
      await logIn(editor, s.wp);
      // The block editor hides the admin bar (full screen): wait for the block's server-rendered people.
      await editor.goto(`${s.wp.url}/wp-admin/post.php?post=${created.body.id}&action=edit`, { waitUntil: 'domcontentloaded' });
      await editor.locator('.wp-block-tmu-sidecar-cast .tmu-person').first().waitFor({ timeout: 120_000 });
      expect(await editor.locator('.wp-block-tmu-sidecar-cast .tmu-person').count()).toBe(2);
      // The first visit's welcome guide would cover the block in the screenshot.
      const guide = editor.locator('.edit-post-welcome-guide button[aria-label="Close dialog"]');
      if ((await guide.count()) > 0) await guide.click();
      await saveScreenshot(editor, 'blocks-editor');

      // The site editor opens the plugin's template; its blocks have no post there and show their notes.
      await editor.goto(`${s.wp.url}/wp-admin/site-editor.php?postType=wp_template&postId=${encodeURIComponent('twentytwentythree//single-movie')}`, {
        waitUntil: 'domcontentloaded',
      });
      const canvas = editor.frameLocator('iframe[name="editor-canvas"]');
      await canvas.locator('.wp-block-tmu-sidecar-cast .tmu-block__empty').waitFor({ timeout: 120_000 });
      expect(await canvas.locator('.block-editor-warning').count()).toBe(0);
      await saveScreenshot(editor, 'blocks-site-editor');
    } finally {
      await editorContext.close();
    }
  });

  it('leaves a block theme’s own single-movie template alone', async () => {
    const theme = path.join(s.wp.wpDir, 'wp-content', 'themes', 'tmu-e2e-child');
    fs.mkdirSync(path.join(theme, 'templates'), { recursive: true });
    fs.writeFileSync(path.join(theme, 'style.css'), '/*\nTheme Name: TMU E2E Child\nTemplate: twentytwentythree\n*/\n');
    fs.writeFileSync(
      path.join(theme, 'templates', 'single-movie.html'),
      '<!-- wp:post-title /-->\n<!-- wp:paragraph {"className":"theme-own-template"} -->\n<p class="theme-own-template">The theme’s own movie page</p>\n<!-- /wp:paragraph -->\n',
    );
    expect((await s.wp.runPhp(`switch_theme( 'tmu-e2e-child' ); echo get_stylesheet();`)).trim()).toBe('tmu-e2e-child');

    await visit(await linkOf('movie', movieId));
    expect(await page.locator('.theme-own-template').count()).toBe(1);
    expect(await page.locator('.tmu-block').count()).toBe(0);
    const templates = await s.api('GET', '/wp/v2/templates');
    const movieTemplates = (templates.body as Array<{ slug: string; source: string }>).filter((t) => t.slug === 'single-movie');
    expect(movieTemplates.map((t) => t.source)).toEqual(['theme']);
    // The other post types still get the plugin's.
    expect((templates.body as Array<{ slug: string; source: string }>).find((t) => t.slug === 'single-tv')?.source).toBe('plugin');
  });

  it('adds the blocks after the content on a classic theme without TMU templates', async () => {
    const theme = path.join(s.wp.wpDir, 'wp-content', 'themes', 'tmu-e2e-classic');
    fs.mkdirSync(theme, { recursive: true });
    fs.writeFileSync(path.join(theme, 'style.css'), '/*\nTheme Name: TMU E2E Classic\n*/\n');
    fs.writeFileSync(
      path.join(theme, 'index.php'),
      "<!DOCTYPE html><html><head><?php wp_head(); ?></head><body><main><?php while ( have_posts() ) { the_post(); the_title( '<h1>', '</h1>' ); the_content(); } ?></main><?php wp_footer(); ?></body></html>\n",
    );
    expect((await s.wp.runPhp(`switch_theme( 'tmu-e2e-classic' ); echo get_stylesheet();`)).trim()).toBe('tmu-e2e-classic');

    await visit(await linkOf('movie', movieId));
    const first = movie.credits.cast.find((c) => c.order === 0)!;
    const person = page.locator('.tmu-cast .tmu-person', { has: page.locator('.tmu-person__name', { hasText: words(first.name) }) }).first();
    expect(words(await person.locator('.tmu-person__role').textContent())).toBe(words(first.character));
    expect((await page.locator('.tmu-trailer iframe').getAttribute('src'))?.startsWith(NOCOOKIE)).toBe(true);
    // Once, after the content: not repeated by the theme's loop.
    expect(await page.locator('.tmu-cast').count()).toBe(1);
    await saveScreenshot(page, 'blocks-classic-theme');
  });

  it('keeps a draft title’s data out of a public page that names it', async () => {
    const created = await s.api('POST', '/wp/v2/pages', {
      body: { title: 'Draft cast', status: 'publish', content: `<!-- wp:tmu-sidecar/cast {"postId":${movieId}} /-->` },
    });
    await visit(created.body.link);
    expect(await page.locator('.tmu-cast .tmu-person').count()).toBeGreaterThan(0);
    await s.app.db(`${s.wp.tablePrefix}posts`).where({ ID: movieId }).update({ post_status: 'draft' });
    await visit(created.body.link);
    expect(await page.locator('.tmu-cast').count()).toBe(0);
    expect(await page.content()).not.toContain(words(movie.credits.cast[0].character));
  });

  it('leaves no PHP notice from the blocks or templates in the debug log', () => {
    expect(s.wp.debugLog()).not.toMatch(/tmu-sidecar\/(includes\/blocks\/|blocks\/)/);
  });
});
