import type { FieldError } from '../errors';
import { domainCovers, domainProblem } from './domains';
import { isJsonObject, type JsonObject, pointerTo } from './json-tree';

/**
 * `"x-secret-hosts"` on a secret setting: the hosts (exact names or `*.` wildcards) that secret
 * may be sent to, each within the manifest's `allowed_domains`, since a secret can only go where
 * the plugin may send requests at all. Without it a secret may go to every `allowed_domains`
 * entry (core/config/secret-hosts.ts). Its placement is config-schema.ts's to check.
 */
export function secretHostErrors(manifest: JsonObject): FieldError[] {
  const config = manifest.config;
  const properties = isJsonObject(config) && isJsonObject(config.properties) ? config.properties : {};
  const allowed = Array.isArray(manifest.allowed_domains)
    ? manifest.allowed_domains.filter((entry): entry is string => typeof entry === 'string')
    : [];
  const errors: FieldError[] = [];
  for (const [name, setting] of Object.entries(properties)) {
    if (!isJsonObject(setting) || setting['x-secret'] !== true || setting['x-secret-hosts'] === undefined)
      continue;
    const hosts = setting['x-secret-hosts'];
    const at = (...path: (string | number)[]) =>
      pointerTo(['config', 'properties', name, 'x-secret-hosts', ...path]);
    if (!Array.isArray(hosts) || hosts.length === 0) {
      errors.push({
        pointer: at(),
        message:
          'must be a non-empty list of hosts from allowed_domains (leave it out to allow all of allowed_domains)',
      });
      continue;
    }
    for (const [index, host] of hosts.entries()) {
      const problem = typeof host === 'string' ? domainProblem(host) : 'must be a host name (a string)';
      if (problem !== undefined) errors.push({ pointer: at(index), message: problem });
      else if (!allowed.some((entry) => domainCovers(entry, host as string))) {
        errors.push({
          pointer: at(index),
          message: `is not within allowed_domains (${allowed.join(', ') || 'none'}): a secret goes only where the plugin may send requests`,
        });
      }
    }
  }
  return errors;
}
