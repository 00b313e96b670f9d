import type { Logger } from 'pino';
import type { TmdbKeywordSearchPage } from '../../clients/tmdb/tmdb.schema';
import { AppError, describeError, ValidationError } from '../../errors';
import { slugify } from '../../mappers/slug';
import type { KeywordRecord, KeywordRepository } from '../../repositories/keyword.repository';
import { KeywordNotFoundError } from './discovery.errors';

/** Resolved keywords are trusted this long before TMDb is asked again. */
const KEYWORD_TTL_MS = 30 * 86_400_000;
/** An unknown keyword is not looked up again for this long. */
const NOT_FOUND_TTL_MS = 86_400_000;
const MAX_KEYWORDS = 10;

export interface KeywordSearch {
  searchKeyword(query: string, page?: number): Promise<TmdbKeywordSearchPage>;
}

export interface ResolvedKeyword {
  name: string;
  slug: string;
  tmdbKeywordId: number;
}

/** A keyword expression: names joined with ',' (all of them) or '|' (any of them). */
export interface ResolvedExpression {
  keywords: ResolvedKeyword[];
  /** The with_keywords parameter of /discover. */
  withKeywords: string;
  /** The expression's slug, e.g. "time-travel" or "queer-romance". */
  slug: string;
}

export interface ResolveOptions {
  /** Ask TMDb even if a fresh answer (or a fresh "unknown") is cached. */
  refresh?: boolean;
}

/** Keyword name or slug → TMDb keyword id, cached in tmu_keywords. */
export class KeywordService {
  constructor(
    private readonly tmdb: KeywordSearch,
    private readonly repo: KeywordRepository,
    private readonly logger: Logger,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async resolve(input: string, options: ResolveOptions = {}): Promise<ResolvedKeyword> {
    const { name, slug } = normalizeKeyword(input);
    const now = this.now();
    const cached = await this.repo.findBySlug(slug);
    if (cached && !options.refresh) {
      if (isFresh(cached, now)) return { name: cached.name, slug, tmdbKeywordId: cached.tmdbKeywordId as number };
      if (cached.notFoundUntil && cached.notFoundUntil > now) throw new KeywordNotFoundError(name, cached.notFoundUntil);
    }
    let page: TmdbKeywordSearchPage;
    try {
      page = await this.tmdb.searchKeyword(name);
    } catch (error) {
      // A month-old id beats no id while TMDb is away; it is checked again next time.
      if (cached?.tmdbKeywordId && error instanceof AppError && error.retryable) {
        this.logger.warn({ keyword: name, err: describeError(error) }, 'TMDb unavailable; using the stale keyword id');
        return { name: cached.name, slug, tmdbKeywordId: cached.tmdbKeywordId };
      }
      throw error;
    }
    const hit = pickKeyword(page.results, name, slug);
    if (!hit) {
      const until = new Date(now.getTime() + NOT_FOUND_TTL_MS);
      await this.repo.saveNotFound({ name, slug }, until, now);
      this.logger.info({ keyword: name }, 'TMDb has no such keyword; remembered for a day');
      throw new KeywordNotFoundError(name, until);
    }
    const saved = await this.repo.saveResolved({ name: hit.name, slug, tmdbKeywordId: hit.id }, now);
    return { name: saved.name, slug, tmdbKeywordId: hit.id };
  }

  /** "time travel", "queer|lgbt" (any) or "heist,casino" (all). */
  async resolveExpression(expression: string, options: ResolveOptions = {}): Promise<ResolvedExpression> {
    const { parts, separator } = parseKeywordExpression(expression);
    const keywords: ResolvedKeyword[] = [];
    for (const part of parts) keywords.push(await this.resolve(part, options));
    return {
      keywords,
      withKeywords: [...new Set(keywords.map((k) => k.tmdbKeywordId))].join(separator),
      slug: keywordExpressionSlug(expression),
    };
  }
}

/** Splits an expression; mixing ',' and '|' is refused (TMDb gives it no clear meaning). */
export function parseKeywordExpression(expression: string): { parts: string[]; separator: ',' | '|' } {
  const text = expression.trim();
  if (text.includes(',') && text.includes('|')) {
    throw new ValidationError('A keyword expression uses either "," (all of them) or "|" (any of them), not both', { field: 'keyword' });
  }
  const separator = text.includes('|') ? '|' : ',';
  const parts = text
    .split(separator)
    .map((p) => p.trim())
    .filter(Boolean);
  if (parts.length === 0) throw new ValidationError('A keyword is required', { field: 'keyword' });
  if (parts.length > MAX_KEYWORDS) throw new ValidationError(`At most ${MAX_KEYWORDS} keywords`, { field: 'keyword' });
  return { parts, separator };
}

/** The slug lists and random picks use for a keyword expression. */
export function keywordExpressionSlug(expression: string): string {
  const { parts } = parseKeywordExpression(expression);
  const slug = slugify(parts.map((p) => normalizeKeyword(p).name).join(' '));
  if (!slug) throw new ValidationError(`"${expression}" has no letters or digits to make a slug from`, { field: 'keyword' });
  return slug;
}

/** A slug ("time-travel") is searched as words ("time travel"). */
function normalizeKeyword(input: string): { name: string; slug: string } {
  const trimmed = input.trim().replace(/\s+/g, ' ');
  const name = /\s/.test(trimmed) || !trimmed.includes('-') ? trimmed : trimmed.replace(/-+/g, ' ');
  const slug = slugify(name);
  if (!name || !slug) throw new ValidationError(`"${input}" is not a usable keyword`, { field: 'keyword' });
  if (name.length > 255) throw new ValidationError('A keyword is at most 255 characters', { field: 'keyword' });
  return { name, slug };
}

/** Exact (case-insensitive) name match first, then same slug, then TMDb's first answer. */
function pickKeyword(results: Array<{ id: number; name: string }>, name: string, slug: string): { id: number; name: string } | undefined {
  const lower = name.toLowerCase();
  return results.find((k) => k.name.toLowerCase() === lower) ?? results.find((k) => slugify(k.name) === slug) ?? results[0];
}

function isFresh(row: KeywordRecord, now: Date): boolean {
  return row.tmdbKeywordId !== null && row.resolvedAt !== null && now.getTime() - row.resolvedAt.getTime() < KEYWORD_TTL_MS;
}
