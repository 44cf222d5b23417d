import { ValidationError } from '../../core/errors';

/**
 * Opaque cursors of the in-memory listings: the listing they belong to and the sort key of the
 * last item answered. As with the DynamoDB cursors, a cursor is only accepted by the listing that
 * returned it, so one made for another tenant's listing cannot start inside that tenant's data.
 */
export function encodeCursor(listing: string, after: string): string {
  return Buffer.from(JSON.stringify({ listing, after })).toString('base64url');
}

export function decodeCursor(cursor: string | undefined, listing: string): string | undefined {
  if (cursor === undefined || cursor === '') return undefined;
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    decoded = undefined;
  }
  const { listing: of, after } = (typeof decoded === 'object' && decoded !== null ? decoded : {}) as Record<
    string,
    unknown
  >;
  if (of !== listing || typeof after !== 'string') {
    throw new ValidationError('The cursor is not valid for this listing.', [
      { pointer: '/cursor', message: 'must be a cursor returned by this listing' },
    ]);
  }
  return after;
}

/**
 * One page of `items` (already in listing order, each with its sort key) after the cursor: at
 * most `limit` of them, and a cursor exactly when more follow.
 */
export function pageOf<T>(
  items: ReadonlyArray<readonly [key: string, item: T]>,
  listing: string,
  limit: number,
  cursor?: string,
): { items: T[]; cursor?: string } {
  const after = decodeCursor(cursor, listing);
  const rest = after === undefined ? items : items.filter(([key]) => key > after);
  const page = rest.slice(0, limit);
  const last = page.at(-1);
  return {
    items: page.map(([, item]) => item),
    ...(rest.length > limit && last ? { cursor: encodeCursor(listing, last[0]) } : {}),
  };
}

/** Keys in the order DynamoDB sorts string keys (UTF-8 bytes, which is code-unit order for the ASCII ids here). */
export const byKey = <T>(entries: Iterable<readonly [string, T]>) =>
  [...entries].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));

/**
 * A copy, so nothing a caller holds aliases what is stored, as nothing read from a table does;
 * through JSON, so undefined attributes are dropped as the DynamoDB stores drop them.
 */
export const copy = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;
