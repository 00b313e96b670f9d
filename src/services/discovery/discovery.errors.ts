import { AppError, AppErrorOptions } from '../../errors';

/** TMDb has no keyword by that name (remembered until `until`, so TMDb is not asked again before). */
export class KeywordNotFoundError extends AppError {
  constructor(
    readonly keyword: string,
    readonly until: Date,
    options: AppErrorOptions = {},
  ) {
    super('keyword_not_found', `TMDb has no keyword "${keyword}" (not asked again before ${until.toISOString()})`, {
      status: 404,
      field: 'keyword',
      ...options,
    });
  }
}

/** No curated list with that id or slug. */
export class ListNotFoundError extends AppError {
  constructor(ref: string | number, options: AppErrorOptions = {}) {
    super('list_not_found', `No curated list ${typeof ref === 'number' ? `#${ref}` : `"${ref}"`}`, { status: 404, field: 'list', ...options });
  }
}

/** No item with that id in the list. */
export class ListItemNotFoundError extends AppError {
  constructor(listId: number, itemId: number, options: AppErrorOptions = {}) {
    super('list_item_not_found', `Curated list #${listId} has no item #${itemId}`, { status: 404, field: 'item_id', ...options });
  }
}
