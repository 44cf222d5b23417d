// Not core/config's index, which brings ajv's compiler along: the proxy lane validates no config.
import { secretBindings } from '../../core/config/secret-hosts';
import { checkSecretHosts, checkUrl } from '../../core/egress';
import { EgressDeniedError } from '../../core/errors';
import type { Installation } from '../../core/installation/types';
import type { PluginPrincipal } from '../../core/policy';
import type { Egress, Envelope } from '../../core/ports';
import { type AuditAppender, guard } from '../guard';
import type { Counter } from '../observability';
import { ALLOWLIST_RULES, type EgressSettings, egressChecksFor } from './egress-checks';
import { countLaneCall, enforceAdmission, type LaneLimits } from './rate-limit';
import { injectSecrets, referencedSecrets, scrubSecrets } from './secrets';

// RFC 9110 hop-by-hop headers: they describe one connection and never travel further.
const HOP_BY_HOP = [
  'connection',
  'keep-alive',
  'proxy-authenticate',
  'proxy-authorization',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
];
// Plus what carries credentials or identity the plugin must not forward (cookies, forwarding
// chains) or that the HTTP client computes itself (host, length).
const STRIPPED_REQUEST = new Set([
  ...HOP_BY_HOP,
  'host',
  'content-length',
  'cookie',
  'x-vivified-credential',
  'x-forwarded-for',
  'forwarded',
]);
// Cookies would let an upstream plant state in a plugin; length and encoding change with decoding.
const STRIPPED_RESPONSE = new Set([...HOP_BY_HOP, 'set-cookie', 'content-length', 'content-encoding']);

const TEXTUAL =
  /^(text\/|application\/(json|xml|x-www-form-urlencoded|problem\+json|[\w.+-]+\+json|[\w.+-]+\+xml))/;

export interface ProxyEgressDeps extends LaneLimits {
  readonly audit: AuditAppender;
  readonly metrics?: Counter;
  readonly envelope: Pick<Envelope, 'open'>;
  /** The transport: checked, pinned connections, limits applied. */
  readonly egress: Egress;
  /** Tenant overrides and test-only settings for the egress guard. */
  readonly settings?: EgressSettings;
}

/** What a plugin asks the proxy lane to send. */
export interface EgressAsk {
  readonly method: string;
  readonly url: string;
  readonly headers?: Record<string, string>;
  readonly body?: string;
}

export interface ProxyEgressInput {
  /** The calling plugin and its installation, as ./plugin-principal authenticated them. */
  readonly principal: PluginPrincipal;
  readonly installation: Installation;
  readonly traceId: string;
  readonly ask: EgressAsk;
  /** Told the host once policy admitted it (the lane counts calls per admitted host). */
  readonly admitted?: (host: string) => void;
}

/** The upstream's answer, hop-by-hop headers and cookies removed, secrets scrubbed. */
export interface EgressAnswer {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  /** Text as is; anything else base64. */
  readonly body: string;
  readonly bodyEncoding: 'utf8' | 'base64';
}

/**
 * Proxy egress, the only way out to the internet: the raw URL, allowlist and address checks
 * (core's egress guard) → decide → each referenced secret's host binding → resolve secrets by
 * reference → fetch through the pinned connection → answer
 * with hop-by-hop and cookie headers removed and secrets scrubbed. The audit record keeps method,
 * host, path, status, bytes and duration; never bodies, and no query strings for plugins that
 * handle PHI. At audit level detailed it adds the request's size, every hop and the answer's
 * content type; at complete, also the names of the headers sent.
 */
export async function proxyEgress(deps: ProxyEgressDeps, input: ProxyEgressInput): Promise<EgressAnswer> {
  const policy = guard(deps);
  const { principal, installation, traceId, ask } = input;
  const started = Date.now();
  const phi = principal.manifest.traits.includes('handles_phi');
  const describe = (url: URL) => ({
    host: url.hostname,
    path: url.pathname,
    ...(phi ? {} : { query: url.search }),
  });
  const checks = egressChecksFor(principal, deps.settings);
  // The raw text is judged before anything reads it: what the guard approves must be what the
  // text says to every reader, not only to the URL parser the rest of the lane uses.
  const first = checkUrl(ask.url, checks.policy);
  if (!first.allowed && !ALLOWLIST_RULES.has(first.rule)) {
    const parsed = URL.canParse(ask.url) ? new URL(ask.url) : undefined;
    return policy.refuse({
      kind: 'egress',
      principal,
      action: 'proxy.egress',
      traceId,
      target: parsed ? { kind: 'host', id: parsed.hostname } : { kind: 'url', id: '(unparseable)' },
      details: { method: ask.method, ...(parsed ? describe(parsed) : {}), rule: first.rule },
      reason: first.reason,
      rule: first.rule,
    });
  }
  // Past the URL stage the text parses: what remains to refuse is the allowlist, policy's to say.
  const target = new URL(ask.url);
  const audited = {
    traceId,
    target: { kind: 'host', id: target.hostname },
    details: { method: ask.method, ...describe(target), rule: first.rule },
  };
  const limited = {
    principal,
    lane: 'proxy' as const,
    action: 'proxy.egress',
    host: target.hostname,
    ...audited,
  };
  // Counted against its limits while the decision's record is written (one round trip for both).
  const [{ obligations }, admission] = await policy.authorizeAlongside(
    principal,
    'proxy.egress',
    {
      host: target.hostname,
      allowlist:
        first.allowed && first.source && first.entry
          ? { matched: true, source: first.source, entry: first.entry }
          : { matched: false },
    },
    audited,
    () => countLaneCall(deps, limited),
  );
  input.admitted?.(target.hostname);
  await enforceAdmission(deps, limited, admission);

  const names = referencedSecrets([ask.url, ask.body, ...Object.values(ask.headers ?? {})]);
  // Only where its binding allows: a secret meant for one API never reaches another.
  const bound = checkSecretHosts(
    first.allowed ? first.host : target.hostname,
    names,
    secretBindings(principal.manifest.config, principal.manifest.allowed_domains),
  );
  if (!bound.allowed) {
    return policy.refuse({
      kind: 'egress',
      principal,
      action: 'proxy.egress',
      ...audited,
      details: { ...audited.details, rule: bound.rule, setting: bound.setting },
      reason: bound.reason,
      rule: bound.rule,
    });
  }
  const secrets = new Map<string, string>();
  for (const name of names) {
    const sealed = installation.sealedSecrets[name];
    if (sealed) {
      secrets.set(
        name,
        await deps.envelope.open(sealed, {
          tenantId: installation.tenantId,
          installationId: installation.installationId,
          purpose: 'config',
        }),
      );
    }
  }
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(ask.headers ?? {})) {
    if (!STRIPPED_REQUEST.has(name.toLowerCase()))
      headers[name] = injectSecrets(value, secrets, `/headers/${name}`);
  }
  const outcome = await deps
    .egress(
      {
        method: ask.method,
        url: injectSecrets(ask.url, secrets, '/url'),
        headers,
        body: ask.body === undefined ? undefined : injectSecrets(ask.body, secrets, '/body'),
        secrets: Object.fromEntries(secrets),
      },
      checks,
    )
    .catch(async (error: unknown) => {
      // A refusal quotes what it refused, and a redirect's Location (the upstream's text) may hold
      // an injected secret: neither the audit record nor the plugin ever sees a secret's value.
      if (error instanceof Error) error.message = scrubSecrets(error.message, secrets);
      // The request was allowed; what became of it is recorded as its outcome, in the same chain.
      await policy.record(principal, 'proxy.egress.completed', {
        traceId,
        target: { kind: 'host', id: target.hostname },
        reasons: [
          error instanceof EgressDeniedError
            ? `refused: ${error.message}`
            : `failed: ${(error as Error).message}`,
        ],
        details: {
          method: ask.method,
          ...describe(target),
          durationMs: Date.now() - started,
          injected: names,
        },
      });
      throw error;
    });
  const responseHeaders: Record<string, string> = {};
  for (const [name, value] of Object.entries(outcome.headers)) {
    if (!STRIPPED_RESPONSE.has(name.toLowerCase())) responseHeaders[name] = scrubSecrets(value, secrets);
  }
  const textual = TEXTUAL.test(outcome.headers['content-type'] ?? '');
  const last = outcome.hops.at(-1)!;
  // What the manifest's audit level asks for beyond the floor: sizes and route, then header names.
  // Never a value: a header or body may carry a secret or PHI.
  const detailed =
    obligations.detail === undefined
      ? {}
      : {
          requestBytes: Buffer.byteLength(ask.body ?? ''),
          hops: outcome.hops.map((hop) => `${hop.hostname}${hop.pathname}`),
          contentType: outcome.headers['content-type'] ?? '',
          ...(obligations.detail === 'complete'
            ? {
                headerNames: Object.keys(headers)
                  .map((name) => name.toLowerCase())
                  .sort(),
              }
            : {}),
        };
  await policy.record(principal, 'proxy.egress.completed', {
    traceId,
    target: { kind: 'host', id: last.hostname },
    reasons: [`${ask.method} answered ${outcome.status}`],
    details: {
      method: ask.method,
      ...describe(last),
      status: outcome.status,
      bytes: outcome.body.length,
      durationMs: Date.now() - started,
      redirects: outcome.hops.length - 1,
      injected: names,
      ...detailed,
    },
  });
  return {
    status: outcome.status,
    headers: responseHeaders,
    body: textual ? scrubSecrets(outcome.body.toString('utf8'), secrets) : outcome.body.toString('base64'),
    bodyEncoding: textual ? 'utf8' : 'base64',
  };
}
