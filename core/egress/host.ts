import { domainToASCII } from 'node:url';

/**
 * A host name in the one form comparisons use: lower case, IDNA (punycode) ASCII, without the
 * trailing root dot. Undefined when it is not a valid DNS name (empty or over-long labels).
 */
export function normalizeHost(host: string): string | undefined {
  const trimmed = host.trim().replace(/\.$/, '');
  if (!trimmed || trimmed.includes('..')) return undefined;
  const ascii = domainToASCII(trimmed.toLowerCase());
  if (!ascii || ascii.length > 253) return undefined;
  return ascii.split('.').every((label) => label.length >= 1 && label.length <= 63) ? ascii : undefined;
}

/**
 * Whether a host is on an allowlist of exact names and `*.` wildcards. `*.example.com` matches
 * `a.example.com` and `a.b.example.com`, never `example.com` itself nor `evil-example.com`.
 * Returns the matching entry.
 */
export function matchAllowlist(host: string, patterns: readonly string[]): string | undefined {
  const name = normalizeHost(host);
  if (!name) return undefined;
  return patterns.find((pattern) => {
    const wildcard = pattern.startsWith('*.');
    const base = normalizeHost(wildcard ? pattern.slice(2) : pattern);
    if (!base) return false;
    return wildcard ? name.endsWith(`.${base}`) : name === base;
  });
}
