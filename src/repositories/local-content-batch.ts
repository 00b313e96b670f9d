/** Many-row reads and writes of the local stand-in's tables (LocalContentRepository delegates here). */
import type { NewLocalPost } from './local-content.schema';
import { chunk, Db, dbCall, isUniqueViolation, latest, MAX_ROWS_PER_INSERT } from './repository-support';

/** id of each key in `keyColumn` among the rows matching `where`, in one read per 500 keys; the oldest row wins. */
export async function idsByKey(db: Db, table: string, keyColumn: string, keys: readonly string[], where: Record<string, unknown> = {}): Promise<Map<string, number>> {
  return dbCall(`find ${table} rows`, async () => {
    const found = new Map<string, number>();
    for (const part of chunk([...new Set(keys)])) {
      const rows: Array<Record<string, unknown>> = await db(table).select('id', keyColumn).where(where).whereIn(keyColumn, part).orderBy('id');
      for (const row of rows) {
        const key = String(row[keyColumn]);
        if (!found.has(key)) found.set(key, Number(row.id));
      }
    }
    return found;
  });
}

/** The row of one new local post; defaults as the posts table expects them. */
export function localPostRow(post: NewLocalPost, now: Date): Record<string, unknown> {
  return {
    type: post.type,
    natural_key: post.natural_key,
    title: post.title,
    content: post.content ?? '',
    status: post.status ?? 'publish',
    post_date: post.post_date ?? null,
    parent_id: post.parent_id ?? null,
    tmdb_id: post.tmdb_id ?? null,
    created_at: now,
    updated_at: now,
  };
}

/**
 * Many new posts of one type in one multi-row insert, then their ids. Null when
 * someone else created one of them meanwhile (the caller then goes one by one).
 */
export async function insertLocalPosts(db: Db, table: string, type: string, posts: readonly NewLocalPost[], now = new Date()): Promise<Map<string, number> | null> {
  if (posts.length === 0) return new Map();
  try {
    await dbCall('insert local posts', async () => {
      // In key order: concurrent transactions then lock in the same order.
      const sorted = [...posts].sort((a, b) => (a.natural_key < b.natural_key ? -1 : a.natural_key > b.natural_key ? 1 : 0));
      for (const part of chunk(sorted, MAX_ROWS_PER_INSERT)) {
        await db(table).insert(part.map((post) => localPostRow({ ...post, type }, now)));
      }
    });
  } catch (error) {
    if (isUniqueViolation((error as { cause?: unknown }).cause ?? error)) return null;
    throw error;
  }
  return idsByKey(
    db,
    table,
    'natural_key',
    posts.map((p) => p.natural_key),
    { type },
  );
}

/** Many slugs in one statement per 400 posts (post id → slug). */
export async function setLocalSlugs(db: Db, table: string, slugs: ReadonlyMap<number, string>, now = new Date()): Promise<void> {
  if (slugs.size === 0) return;
  await dbCall('set local post slugs', async () => {
    for (const part of chunk([...slugs], 400)) {
      const cases = part.map(() => 'when ? then ?').join(' ');
      await db(table)
        .whereIn(
          'id',
          part.map(([id]) => id),
        )
        .update({ slug: db.raw(`case id ${cases} end`, part.flat()), updated_at: now });
    }
  });
}

/**
 * Find-or-create many terms of one taxonomy (slug → name): one multi-row insert that skips the
 * existing ones, in slug order, then their ids. In one order for everyone, concurrent titles
 * take the new terms' locks in the same order, so one waits for the other instead of both
 * deadlocking (one insert per term in each title's own order did on MySQL).
 */
export async function insertLocalTerms(db: Db, table: string, taxonomy: string, terms: ReadonlyMap<string, string>): Promise<Map<string, number>> {
  if (terms.size === 0) return new Map();
  const slugs = [...terms.keys()].sort();
  await dbCall('insert local terms', async () => {
    for (const part of chunk(slugs, MAX_ROWS_PER_INSERT)) {
      await db(table)
        .insert(part.map((slug) => ({ taxonomy, slug, name: terms.get(slug) })))
        .onConflict(['taxonomy', 'slug'])
        .ignore();
    }
  });
  return dbCall('find local terms', async () => {
    // A plain read finds the terms this transaction inserted or could already see, and locks nothing.
    const found = await idsByKey(db, table, 'slug', slugs, { taxonomy });
    // A term another title committed meanwhile needs a locking read on MySQL. One exact key at a
    // time: a locking read of the whole list scanned (and locked) the rows and gaps between its
    // keys, where the next title was inserting, and the two deadlocked.
    for (const slug of slugs.filter((s) => !found.has(s))) {
      const row: { id: unknown } | undefined = await latest(db, db(table).select('id').where({ taxonomy, slug }).first());
      if (row) found.set(slug, Number(row.id));
    }
    return found;
  });
}
