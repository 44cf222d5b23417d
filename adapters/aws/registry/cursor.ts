import { ValidationError } from '../../../core/errors';

type Key = Record<string, unknown>;

/**
 * Opaque pagination cursors: DynamoDB's LastEvaluatedKey, base64url-encoded. A cursor is only
 * accepted for the partition it came from, so a hand-made cursor cannot start a query inside
 * another tenant's partition.
 */
export function encodeCursor(key: Key | undefined): string | undefined {
  return key ? Buffer.from(JSON.stringify(key)).toString('base64url') : undefined;
}

export function decodeCursor(
  cursor: string | undefined,
  partition: { name: string; value: string },
): Key | undefined {
  if (cursor === undefined || cursor === '') return undefined;
  let key: unknown;
  try {
    key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    key = undefined;
  }
  const valid =
    typeof key === 'object' &&
    key !== null &&
    !Array.isArray(key) &&
    (key as Key)[partition.name] === partition.value &&
    Object.values(key as Key).every((v) => typeof v === 'string' || typeof v === 'number');
  if (!valid) {
    throw new ValidationError('The cursor is not valid for this listing.', [
      { pointer: '/cursor', message: 'must be a cursor returned by this listing' },
    ]);
  }
  return key as Key;
}

/** Page size from a query string: 1..100, default 25. */
export function pageSize(limit: string | undefined): number {
  if (limit === undefined) return 25;
  const n = Number(limit);
  if (!Number.isInteger(n) || n < 1 || n > 100) {
    throw new ValidationError('The limit is out of range.', [
      { pointer: '/limit', message: 'must be an integer from 1 to 100' },
    ]);
  }
  return n;
}
