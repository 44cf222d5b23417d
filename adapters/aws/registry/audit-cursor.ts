import { createHash } from 'node:crypto';
import { ValidationError } from '../../../core/errors';
import { decodeCursor, encodeCursor } from './cursor';

type Key = Record<string, unknown>;

/*
 * An audit page's cursor: DynamoDB's LastEvaluatedKey (checked against its partition, as every
 * registry cursor is) and a digest of the query it was answered for (filters and order), so a
 * cursor of one audit listing is refused by another instead of silently continuing it with
 * different filters. The digest holds no secret: it makes a cursor bound to its query, not
 * unforgeable; what keeps a forged one harmless is the partition check, which keeps it inside the
 * caller's own tenant.
 */

const digest = (listing: string) => createHash('sha256').update(listing).digest('base64url').slice(0, 16);

const refused = () =>
  new ValidationError('The cursor is not valid for this listing.', [
    { pointer: '/cursor', message: 'must be a cursor returned by this listing' },
  ]);

export function encodeAuditCursor(listing: string, key: Key | undefined): string | undefined {
  const inner = encodeCursor(key);
  return inner === undefined
    ? undefined
    : Buffer.from(JSON.stringify({ q: digest(listing), k: inner })).toString('base64url');
}

export function decodeAuditCursor(
  cursor: string | undefined,
  listing: string,
  partition: { name: string; value: string },
): Key | undefined {
  if (cursor === undefined || cursor === '') return undefined;
  let outer: unknown;
  try {
    outer = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw refused();
  }
  const { q, k } = (typeof outer === 'object' && outer !== null ? outer : {}) as Record<string, unknown>;
  if (q !== digest(listing) || typeof k !== 'string' || k === '') throw refused();
  return decodeCursor(k, partition);
}
