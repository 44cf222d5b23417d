import type { EgressVerdict } from '../ports/egress';

/**
 * Headers that carry credentials. A redirect to another origin never takes them along, as curl
 * and browsers do (RFC 9110 §15.4: a client should not send credentials to an unintended origin).
 */
const CREDENTIAL_HEADERS: ReadonlySet<string> = new Set(['authorization', 'cookie', 'proxy-authorization']);

export interface RedirectedRequest {
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: string;
}

export type RedirectCarry =
  | (RedirectedRequest & {
      readonly allowed: true;
      readonly rule: string;
      readonly dropped: readonly string[];
    })
  | Extract<EgressVerdict, { allowed: false }>;

const decoded = (text: string): string => {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
};

/**
 * What of a request follows a redirect from `from` to `to`. Within the origin (scheme, host and
 * port), all of it: a 307 or 308 keeps its credentials. To another origin, no injected secret
 * and no credential header: those headers are dropped, and a URL (as the upstream wrote it) or a
 * body that still carries a secret value is refused, since neither can be cut without changing
 * the request. `secrets` maps the injected secrets' names to their values.
 */
export function carryAcrossRedirect(
  from: URL,
  to: URL,
  request: RedirectedRequest,
  secrets: Readonly<Record<string, string>>,
): RedirectCarry {
  if (from.origin === to.origin)
    return { allowed: true, rule: 'redirect.same_origin', ...request, dropped: [] };
  const carried = (text: string) =>
    Object.keys(secrets).find((name) => secrets[name] !== '' && text.includes(secrets[name]!));
  const refuse = (name: string, where: string): RedirectCarry => ({
    allowed: false,
    rule: 'redirect.carries_secret',
    reason: `the redirect to ${to.origin} would carry the secret ${name} in its ${where}; secrets never follow a redirect to another origin`,
  });
  const inUrl = carried(to.href) ?? carried(decoded(to.href));
  if (inUrl) return refuse(inUrl, 'URL');
  const inBody = request.body === undefined ? undefined : carried(request.body);
  if (inBody) return refuse(inBody, 'body');
  const headers: Record<string, string> = {};
  const dropped: string[] = [];
  for (const [name, value] of Object.entries(request.headers)) {
    if (CREDENTIAL_HEADERS.has(name.toLowerCase()) || carried(value)) dropped.push(name);
    else headers[name] = value;
  }
  return { allowed: true, rule: 'redirect.cross_origin', headers, body: request.body, dropped };
}
