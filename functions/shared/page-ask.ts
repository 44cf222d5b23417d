import { pageSize } from '../../adapters/aws/registry/cursor';
import type { PageAsk, Unvalidated } from '../../application/attempt';

/** A listing's `limit` and `cursor` query parameters, validated when the action has decided. */
export const pageAsk = (query: Readonly<Record<string, string>>): Unvalidated<PageAsk> => ({
  raw: query,
  parse: () => ({ limit: pageSize(query.limit), cursor: query.cursor }),
});
