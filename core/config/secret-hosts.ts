import { secretFields } from './secret-fields';

/**
 * Where a secret setting may be sent. A secret declares its hosts with `"x-secret-hosts"` (exact
 * names and `*.` wildcards, each within the manifest's `allowed_domains`, which manifest
 * validation holds it to). A secret without the declaration may go to every `allowed_domains`
 * entry of the manifest, but never to a host only the tenant's overrides allow: the plugin's
 * author, who asked for the secret, named those hosts, and a tenant widening the allowlist for
 * plain requests does not thereby widen where credentials go.
 */
export interface SecretBinding {
  readonly name: string;
  /** The allowlist entries the secret may be sent to. */
  readonly hosts: readonly string[];
  /** Whether the manifest names them (`x-secret-hosts`), or they are its `allowed_domains`. */
  readonly declared: boolean;
}

/** Every secret setting of a config schema with the hosts it is bound to. */
export function secretBindings(
  schema: Readonly<Record<string, unknown>> | undefined,
  allowedDomains: readonly string[] = [],
): SecretBinding[] {
  const properties = (schema?.properties ?? {}) as Record<string, { 'x-secret-hosts'?: unknown }>;
  return secretFields(schema).map((name) => {
    const declared = properties[name]!['x-secret-hosts'];
    return Array.isArray(declared)
      ? { name, hosts: declared.filter((host): host is string => typeof host === 'string'), declared: true }
      : { name, hosts: allowedDomains, declared: false };
  });
}
