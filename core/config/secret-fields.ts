/*
 * Which settings are secret, and how they are shown, apart from validation: the lanes ask it
 * (where may a secret go) and the installation reads mask with it, and neither may pull ajv's
 * compiler into its bundle for it (lib/bundling.ts).
 */

/** How secrets are shown on read: that one is set, never its value. */
export const SECRET_MASK = '********';

/** Names of the top-level properties the schema marks as secret. */
export function secretFields(schema: Readonly<Record<string, unknown>> | undefined): string[] {
  const properties = (schema?.properties ?? {}) as Record<string, { 'x-secret'?: unknown }>;
  return Object.keys(properties).filter((name) => properties[name]?.['x-secret'] === true);
}
