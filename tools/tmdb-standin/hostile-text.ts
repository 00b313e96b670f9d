/**
 * A hostile catalogue made from the recorded one: every text a title, season,
 * episode or person answer carries (titles, names, overviews, taglines, characters,
 * jobs, biographies, video and term names) gets markup that would run as script if
 * a page printed it as HTML, plus entities, quotes, CJK and right-to-left text.
 * Set it with `standin.setRewrite(hostileRewrite())`. A payload that runs pushes its
 * name onto `window.__tmuXss` and calls alert(), so a browser test can tell.
 */

/** Each payload starts with words a page must show as they are. */
export const HOSTILE_PAYLOADS = [
  `<script>window.__tmuXss=(window.__tmuXss||[]).concat('script');alert('script')</script>`,
  `<img src=x onerror="window.__tmuXss=(window.__tmuXss||[]).concat('img');alert('img')">`,
  `"><svg onload="window.__tmuXss=(window.__tmuXss||[]).concat('svg');alert('svg')">`,
  `<iframe src="javascript:parent.__tmuXss=(parent.__tmuXss||[]).concat('iframe');alert('iframe')"></iframe>`,
  `<a href="javascript:alert('link')" id="tmu-xss-link">Tom &amp; Jerry's "cut"</a>`,
] as const;

/** Appended to every text: words in scripts and directions a page must keep. */
export const HOSTILE_WORLD_TEXT = '映画の夜 «ليلة الفيلم»';

/** A homepage no page may link to. */
export const HOSTILE_HOMEPAGE = "javascript:alert('homepage')";

/** Fields that hold words a page shows. */
const TEXT_FIELDS: Readonly<Record<string, number>> = {
  title: 0,
  name: 1,
  original_title: 2,
  original_name: 2,
  overview: 3,
  tagline: 4,
  character: 2,
  job: 4,
  biography: 0,
  place_of_birth: 1,
  provider_name: 1,
};

/** Characters are this long at least: far past their VARCHAR(255) column, so every credit row is cut to fit. */
export const HOSTILE_CHARACTER_LENGTH = 1000;

/** A text with the payload of its field in front and the world text behind (characters padded with it past their column). */
function hostileText(field: string, original: string): string {
  const payload = HOSTILE_PAYLOADS[TEXT_FIELDS[field] ?? 0];
  let text = `${payload} ${original} ${HOSTILE_WORLD_TEXT}`.trim();
  while (field === 'character' && Array.from(text).length < HOSTILE_CHARACTER_LENGTH) text += ` ${HOSTILE_WORLD_TEXT} &`;
  return text;
}

function rewriteValue(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(rewriteValue);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, item]) => {
      if (key === 'homepage' && typeof item === 'string') return [key, HOSTILE_HOMEPAGE];
      if (key in TEXT_FIELDS && typeof item === 'string') return [key, hostileText(key, item)];
      return [key, rewriteValue(item)];
    }),
  );
}

/** Answers of titles, seasons, episodes and people this rewrite touches (lists and searches stay as recorded). */
const DETAIL_PATH = /^\/(movie|tv|person)\/\d+(\/season\/\d+)?$/;

/** The stand-in rewrite that serves the hostile catalogue. */
export function hostileRewrite(): (path: string, body: unknown) => unknown {
  return (path, body) => (DETAIL_PATH.test(path) ? rewriteValue(body) : body);
}
