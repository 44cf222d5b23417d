/*
 * Which settings are secret, apart from validation: the lanes ask it (where may a secret go) and
 * must not pull ajv's compiler into their bundles for it (lib/bundling.ts).
 */

/** Names of the top-level properties the schema marks as secret. */
export function secretFields(schema: Readonly<Record<string, unknown>> | undefined): string[] {
  const properties = (schema?.properties ?? {}) as Record<string, { 'x-secret'?: unknown }>;
  return Object.keys(properties).filter((name) => properties[name]?.['x-secret'] === true);
}
