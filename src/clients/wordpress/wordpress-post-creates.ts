import type { PostInput, PostType } from '../../domain/content-store';
import { WordPressError } from '../../errors';
import type { WordPressSiteState } from './wordpress-site-state';
import { createBody } from './wordpress-post-body';
import { itemError } from './wordpress-writer';
import { groupBy } from './wordpress-store-helpers';
import type { BatchRequest, BatchResponse, WpPost } from './wordpress.types';

/**
 * What a create's answer needs for the session's view of the post (toState): asking for these
 * alone spares PHP the rendered title and content, links and the rest of the REST shape.
 */
const CREATE_FIELDS = 'id,status,title.raw,content.raw,featured_media,meta,genre,country,language,by-year,keyword,network,channel,nationality';
/** The header the plugin sets when a keyed create found the post already there. */
const EXISTING_HEADER = 'x-tmu-existing';

export interface MadePost {
  id: number;
  /** False when the plugin answered an existing post, or when another sync of this process made it. */
  created: boolean;
  /** The create's answer (absent when another sync's create was joined). */
  post?: WpPost;
}

/** The REST request that creates one post, asking back only what the session reads (its terms made before: ensureCreateTerms). */
function createRequest(type: PostType, input: PostInput, objects?: Pick<WordPressSiteState, 'termIdsOf'>): BatchRequest {
  const termIds: Record<string, number[]> = {};
  if (objects && input.terms)
    for (const [taxonomy, terms] of groupBy(
      input.terms,
      (t) => t.taxonomy,
      (t) => t,
    ))
      termIds[taxonomy] = objects.termIdsOf(terms);
  return { method: 'POST', path: `/wp/v2/${type}`, body: { ...createBody(input, termIds), _fields: CREATE_FIELDS } };
}

/** The terms the posts are created with, made first where missing (one batch for all). */
async function ensureCreateTerms(objects: WordPressSiteState, inputs: PostInput[]): Promise<void> {
  const terms = inputs.flatMap((input) => input.terms ?? []);
  if (terms.length > 0) await objects.ensureTerms(terms);
}

/**
 * Creates posts of one type once per key in this process, with no lock: a key another sync is
 * creating is joined (and reported as not created here); the plugin makes a repeated create of a
 * key answer the existing post. Answers by natural key; throws the first failure after all settled.
 */
export async function createPostsOnce(objects: WordPressSiteState, type: PostType, inputs: PostInput[]): Promise<Map<string, MadePost>> {
  const byFlight = new Map(inputs.map((input) => [`post:${type}:${input.key}`, input]));
  const made = await objects.flights.run<MadePost>([...byFlight.keys()], async (claimed) => {
    await ensureCreateTerms(
      objects,
      claimed.map((key) => byFlight.get(key)!),
    );
    const requests = claimed.map((key) => createRequest(type, byFlight.get(key)!, objects));
    const { answers } = await objects.writer.settleAll(requests);
    return new Map(claimed.map((key, i) => [key, madePost(type, byFlight.get(key)!, requests[i], answers[i])]));
  });
  const out = new Map<string, MadePost>();
  for (const [flight, { value, joined }] of made) out.set(byFlight.get(flight)!.key, joined ? { id: value.id, created: false } : value);
  return out;
}

/** One create's answer as the post made, or why not. */
function madePost(type: PostType, input: PostInput, request: BatchRequest, answer: BatchResponse): MadePost | WordPressError {
  if (answer.status >= 400) return itemError(request, answer);
  const post = answer.body as WpPost | null;
  if (typeof post?.id !== 'number') return new WordPressError(`WordPress did not create the ${type} post ${input.key}`, { status: 502 });
  return { id: post.id, created: !foundExisting(answer), post };
}

/** The plugin answered a create with the post its key already had. */
function foundExisting(answer: BatchResponse): boolean {
  return Object.keys(answer.headers ?? {}).some((name) => name.toLowerCase() === EXISTING_HEADER);
}

/** Creates under the per-type lock (an older plugin): every answer must be a post. */
export async function createPostsSerialized(objects: WordPressSiteState, type: PostType, missing: PostInput[]): Promise<Map<string, MadePost>> {
  await ensureCreateTerms(objects, missing);
  const answers = await objects.writer.writeAll(missing.map((input) => createRequest(type, input, objects)));
  return new Map(
    missing.map((input, i) => {
      const post = answers[i].body as WpPost;
      if (typeof post?.id !== 'number') throw new WordPressError(`WordPress did not create the ${type} post ${input.key}`, { status: 502 });
      return [input.key, { id: post.id, created: !foundExisting(answers[i]), post }];
    }),
  );
}
