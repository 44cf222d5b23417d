import { domainToASCII } from 'node:url';

/**
 * `allowed_domains` entries: exact host names or `*.` wildcards over one. The proxy lane resolves
 * names itself and refuses private addresses, so an entry must be a name it can resolve, never
 * an address, and never something a URL parser would read as one (`2130706433` is 127.0.0.1).
 */

const MAX_HOST_LENGTH = 253;
const MAX_LABEL_LENGTH = 63;
/** Letters, digits and hyphens, not starting or ending with a hyphen (RFC 952/1123, after IDNA). */
const LDH_LABEL = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/;
/**
 * A last label URL parsers read as a number makes the whole host an IPv4 address (WHATWG URL
 * "ends in a number"): `127.1`, `0x7f.1`, `2130706433`. No top-level domain is numeric.
 */
const NUMERIC_LABEL = /^(0x[0-9a-f]*|[0-9]+)$/i;

export type DomainInspection = { readonly host: string } | { readonly problem: string };

const problem = (words: string): DomainInspection => ({ problem: words });
const IP_ADDRESS =
  'is an IP address; allowed_domains takes host names only (the proxy lane resolves them and refuses private addresses)';

const lastLabel = (name: string) => name.replace(/\.$/, '').split('.').at(-1) ?? '';

/** Refusals that read the entry as a URL-ish string, before any IDNA mapping could blur it. */
function shapeProblem(entry: string): DomainInspection | undefined {
  if (entry.trim() === '') return problem('must not be empty');
  if (/\s/.test(entry)) return problem('must not contain spaces');
  if (entry.includes('://')) {
    return problem('must be a host name without a scheme: api.example.com, not https://api.example.com');
  }
  if (entry.includes('@')) return problem('must not contain user information (user@)');
  if (/[/\\?#]/.test(entry)) return problem('must be a host name only, without a path, query or fragment');
  if (entry.startsWith('[') || entry.split(':').length > 2) return problem(IP_ADDRESS);
  if (/:[0-9]+$/.test(entry))
    return problem('must not include a port; the proxy lane always uses https on 443');
  if (entry.includes(':')) return problem('must be a host name only, without a scheme or ":"');
  if (entry.includes('%')) return problem('must be written out, not percent-encoded');
  return undefined;
}

/** What an entry allows, in the form hosts are compared in, or why it is not a valid entry. */
export function inspectDomain(entry: string): DomainInspection {
  const shape = shapeProblem(entry);
  if (shape) return shape;
  const wildcard = entry.startsWith('*.');
  const name = wildcard ? entry.slice(2) : entry;
  if (name.includes('*')) return problem('may use * only as the whole first label, as in *.example.com');
  if (NUMERIC_LABEL.test(lastLabel(name))) return problem(IP_ADDRESS);
  // Lower case, IDNA to ASCII (punycode), and the full-width and other look-alike forms mapped.
  const ascii = domainToASCII(name);
  if (ascii === '') return problem('is not a valid international domain name');
  const host = ascii.replace(/\.$/, '');
  const labels = host.split('.');
  // Checked again after mapping: full-width digits and dots turn into ASCII ones.
  if (NUMERIC_LABEL.test(lastLabel(host))) return problem(IP_ADDRESS);
  if (labels.includes('')) return problem('has an empty label (a leading dot or two dots in a row)');
  if (host.length > MAX_HOST_LENGTH) return problem(`is longer than ${MAX_HOST_LENGTH} characters`);
  if (labels.some((label) => label.length > MAX_LABEL_LENGTH)) {
    return problem(`has a label longer than ${MAX_LABEL_LENGTH} characters`);
  }
  if (!labels.every((label) => LDH_LABEL.test(label))) {
    return problem(
      'may use only letters, digits and hyphens in each label, and no label may start or end with -',
    );
  }
  if (labels.length < 2) {
    return problem(
      wildcard
        ? 'a wildcard must cover a domain of at least two labels: *.example.com, not *.com'
        : 'must be a fully qualified host name such as api.example.com',
    );
  }
  return { host: wildcard ? `*.${host}` : host };
}

/** Why an entry is not a valid allowed domain, or undefined when it is one. */
export function domainProblem(entry: string): string | undefined {
  const inspection = inspectDomain(entry);
  return 'problem' in inspection ? inspection.problem : undefined;
}

/** The entry as hosts are compared (`*.` kept, lower-case ASCII, no root dot); the entry itself if invalid. */
export function normalizeDomain(entry: string): string {
  const inspection = inspectDomain(entry);
  return 'host' in inspection ? inspection.host : entry;
}

/** Whether `pattern` already allows everything `entry` allows. */
export function domainCovers(pattern: string, entry: string): boolean {
  const allowed = normalizeDomain(pattern);
  const asked = normalizeDomain(entry);
  if (allowed === asked) return true;
  if (!allowed.startsWith('*.')) return false;
  return (asked.startsWith('*.') ? asked.slice(2) : asked).endsWith(allowed.slice(1));
}
