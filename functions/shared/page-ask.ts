import { pageSize } from '../../adapters/aws/registry/cursor';
import type { PageAsk, Unvalidated } from '../../application/attempt';
import type { Paging } from '../wire';

/** A listing's `limit` and `cursor` query parameters, validated when the action has decided. */
export const pageAsk = (query: Paging): Unvalidated<PageAsk> => ({
  raw: query,
  parse: () => ({ limit: pageSize(query.limit), cursor: query.cursor }),
});
