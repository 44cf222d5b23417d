import { checkUrl } from '../../../core/egress';
import { EgressDeniedError } from '../../../core/errors';
import type { HostResolver, LaneIdentity } from '../../../core/ports';
import { bodyValidator } from '../../shared/body';
import type { ControlPlane } from '../../shared/control-plane';
import generated from '../../shared/generated/proxy-bodies';
import { guard } from '../../shared/guard';
import { httpApi } from '../../shared/http';
import { pluginPrincipal } from '../plugin-principal';
import { type EgressSettings, egressChecksFor } from './checks';
import { type EgressLimits, egressFetch, systemResolver } from './egress-fetch';
import { injectSecrets, referencedSecrets, scrubSecrets } from './secrets';

const parseProxy = bodyValidator(generated.proxyBody);

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

export interface ProxyLaneOptions {
  readonly identity: LaneIdentity;
  /** Tenant overrides and test-only settings for the egress guard. */
  readonly egress?: EgressSettings;
  readonly resolve?: HostResolver;
  /** @default 5 redirects, 5 MiB, 5 s connect, 25 s total */
  readonly limits?: Partial<EgressLimits>;
}

const ALLOWLIST_RULES = new Set(['host.not_allowlisted', 'host.tenant_denied', 'host.ip_literal']);

const TEXTUAL =
  /^(text\/|application\/(json|xml|x-www-form-urlencoded|problem\+json|[\w.+-]+\+json|[\w.+-]+\+xml))/;

/** The ports the proxy lane uses. */
export type ProxyPlane = Pick<
  ControlPlane,
  'catalog' | 'installations' | 'audit' | 'envelope' | 'logger' | 'metrics' | 'settings'
>;

/**
 * The proxy lane, the only way out to the internet: authenticate → allowlist and address checks
 * (core's egress guard) → decide → resolve secrets by reference → fetch through the pinned
 * connection → answer with hop-by-hop and cookie headers removed and secrets scrubbed. The audit
 * record keeps method, host, path, status, bytes and duration; never bodies, and no query strings
 * for plugins that handle PHI.
 */
export function proxyLane(plane: ProxyPlane, options: ProxyLaneOptions) {
  const policy = guard(plane);
  const limits: EgressLimits = {
    maxRedirects: 5,
    maxResponseBytes: 5 * 1024 * 1024,
    connectTimeoutMs: 5_000,
    totalTimeoutMs: 25_000,
    ...options.limits,
  };

  return httpApi({
    area: 'proxy',
    logger: plane.logger,
    metrics: plane.metrics,
    maxBodyBytes: 1_100_000,
    onSettled: () => plane.audit.flush(),
    handlers: {
      'proxy.egress': async (request) => {
        const { principal, installation } = await pluginPrincipal(plane, options.identity, request);
        const input = parseProxy(request.body);
        const started = Date.now();
        const phi = principal.manifest.traits.includes('handles_phi');
        const describe = (url: URL) => ({
          host: url.hostname,
          path: url.pathname,
          ...(phi ? {} : { query: url.search }),
        });
        const checks = egressChecksFor(principal, options.egress);
        let target: URL;
        try {
          target = new URL(input.url);
        } catch {
          return policy.refuse(principal, 'proxy.egress', {
            traceId: request.traceId,
            target: { kind: 'url', id: '(unparseable)' },
            reasons: ['the URL cannot be parsed'],
          });
        }
        const first = checkUrl(target, checks.policy);
        const audited = {
          traceId: request.traceId,
          target: { kind: 'host', id: target.hostname },
          details: { method: input.method, ...describe(target), rule: first.rule },
        };
        // Scheme, credentials, ports and addresses are the guard's to refuse; the allowlist is policy's.
        if (!first.allowed && !ALLOWLIST_RULES.has(first.rule)) {
          await plane.audit.append({
            tenantId: principal.tenantId,
            actor: { kind: 'plugin', id: principal.installationId },
            action: 'proxy.egress',
            target: audited.target,
            decision: 'deny',
            reasons: [first.reason],
            traceId: request.traceId,
            details: audited.details,
          });
          throw new EgressDeniedError(first.reason, first.rule);
        }
        await policy.authorize(
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
        );

        const names = referencedSecrets([input.url, input.body, ...Object.values(input.headers ?? {})]);
        const secrets = new Map<string, string>();
        for (const name of names) {
          const sealed = installation.sealedSecrets[name];
          if (sealed) {
            secrets.set(
              name,
              await plane.envelope.open(sealed, {
                tenantId: installation.tenantId,
                installationId: installation.installationId,
                purpose: 'config',
              }),
            );
          }
        }
        const headers: Record<string, string> = {};
        for (const [name, value] of Object.entries(input.headers ?? {})) {
          if (!STRIPPED_REQUEST.has(name.toLowerCase()))
            headers[name] = injectSecrets(value, secrets, `/headers/${name}`);
        }
        const outcome = await egressFetch(
          {
            method: input.method,
            url: injectSecrets(input.url, secrets, '/url'),
            headers,
            body: input.body === undefined ? undefined : injectSecrets(input.body, secrets, '/body'),
          },
          checks,
          limits,
          options.resolve ?? systemResolver,
        ).catch(async (error: unknown) => {
          await policy.record(principal, 'proxy.egress.completed', {
            traceId: request.traceId,
            target: { kind: 'host', id: target.hostname },
            reasons: [
              error instanceof EgressDeniedError
                ? `refused: ${error.message}`
                : `failed: ${(error as Error).message}`,
            ],
            details: {
              method: input.method,
              ...describe(target),
              durationMs: Date.now() - started,
              injected: names,
            },
          });
          throw error;
        });
        const responseHeaders: Record<string, string> = {};
        for (const [name, value] of Object.entries(outcome.headers)) {
          if (!STRIPPED_RESPONSE.has(name.toLowerCase()))
            responseHeaders[name] = scrubSecrets(value, secrets);
        }
        const textual = TEXTUAL.test(outcome.headers['content-type'] ?? '');
        await policy.record(principal, 'proxy.egress.completed', {
          traceId: request.traceId,
          target: { kind: 'host', id: outcome.hops.at(-1)!.hostname },
          reasons: [`${input.method} answered ${outcome.status}`],
          details: {
            method: input.method,
            ...describe(outcome.hops.at(-1)!),
            status: outcome.status,
            bytes: outcome.body.length,
            durationMs: Date.now() - started,
            redirects: outcome.hops.length - 1,
            injected: names,
          },
        });
        return {
          status: 200,
          body: {
            status: outcome.status,
            headers: responseHeaders,
            body: textual
              ? scrubSecrets(outcome.body.toString('utf8'), secrets)
              : outcome.body.toString('base64'),
            bodyEncoding: textual ? 'utf8' : 'base64',
          },
        };
      },
    },
  });
}
