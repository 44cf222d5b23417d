/** Index key attributes (`gsi1pk`, `gsi3sk`, …): storage detail like the table's own keys. */
const INDEX_KEY = /^gsi[0-9]+(pk|sk)$/;

/** Removes the table's key attributes, which are storage detail, from a stored item. */
export function stripKeys<T>(item: Record<string, unknown>): T {
  const { pk: _pk, sk: _sk, ...rest } = item;
  for (const name of Object.keys(rest)) if (INDEX_KEY.test(name)) delete rest[name];
  return rest as T;
}
