import type { SecretBinding } from '../config/secret-hosts';
import { matchAllowlist } from './host';

export type SecretHostDecision =
  | { readonly allowed: true; readonly rule: 'secret.host_bound' }
  | {
      readonly allowed: false;
      readonly rule: 'secret.host_not_bound';
      readonly reason: string;
      /**
       * The secret setting's name (never its value), for the audit record: `setting`, since the
       * audit log masks any detail whose key says "secret".
       */
      readonly setting: string;
    };

const hostsInWords = (binding: SecretBinding): string =>
  binding.hosts.length === 0
    ? 'no host (the plugin has no allowed_domains)'
    : binding.declared
      ? binding.hosts.join(', ')
      : `the plugin's allowed_domains (${binding.hosts.join(', ')})`;

/**
 * Whether every secret a request refers to may be sent to its host. A name that is no secret
 * setting is not this check's to judge: injecting it fails with the pointer to the reference.
 */
export function checkSecretHosts(
  host: string,
  referenced: readonly string[],
  bindings: readonly SecretBinding[],
): SecretHostDecision {
  for (const name of referenced) {
    const binding = bindings.find((b) => b.name === name);
    if (binding && matchAllowlist(host, binding.hosts) === undefined) {
      return {
        allowed: false,
        rule: 'secret.host_not_bound',
        reason: `the secret ${name} may be sent only to ${hostsInWords(binding)}, not to ${host}`,
        setting: name,
      };
    }
  }
  return { allowed: true, rule: 'secret.host_bound' };
}
