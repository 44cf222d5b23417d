/*
 * What a config schema says about its secrets, apart from checking values (./validate.ts): views
 * that only mask secrets need neither ajv nor its compiler, ~130 KB of a bundle that never
 * validates config.
 */

/** Names of the top-level properties the schema marks as secret. */
export function secretFields(schema: Readonly<Record<string, unknown>> | undefined): string[] {
  const properties = (schema?.properties ?? {}) as Record<string, { 'x-secret'?: unknown }>;
  return Object.keys(properties).filter((name) => properties[name]?.['x-secret'] === true);
}

/** How secrets are shown on read: that one is set, never its value. */
export const SECRET_MASK = '********';
