import type { LookupAddress } from 'node:dns';
import { lookup as dnsLookup } from 'node:dns/promises';
import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import { carryAcrossRedirect } from '../../../core/egress';
import { EgressDeniedError, PayloadTooLargeError, UpstreamError } from '../../../core/errors';
import type {
  EgressChecks,
  EgressRequest,
  EgressResponse,
  EgressVerdict,
  HostResolver,
} from '../../../core/ports';
import { ConnectTimeoutError, readBounded, send } from '../http-exchange';

// The transport's request and answer are the egress port's (core/ports).
export type { EgressChecks, EgressRequest, EgressResponse, EgressVerdict };

/** The system's DNS; the resolver is injectable so tests can play hostile DNS. */
export const systemResolver: HostResolver = async (host) =>
  (await dnsLookup(host, { all: true, verbatim: true })).map((a: LookupAddress) => a.address);

export interface EgressLimits {
  readonly maxRedirects: number;
  readonly maxResponseBytes: number;
  readonly connectTimeoutMs: number;
  readonly totalTimeoutMs: number;
  /** CA certificates to trust in addition to the system's (tests' local TLS servers). */
  readonly ca?: string | readonly string[];
}

const stripIpv6Brackets = (host: string) => host.replace(/^\[(.*)\]$/, '$1');
const isIpLiteral = (host: string) => /^[\d.]+$/.test(host) || host.includes(':');

function refuse<T extends EgressVerdict>(verdict: T): asserts verdict is Extract<T, { allowed: true }> {
  if (!verdict.allowed) throw new EgressDeniedError(verdict.reason, verdict.rule);
}

/** Raw text (the plugin's URL, a redirect's `Location` against the hop it came from), checked, then parsed. */
function admitted(checks: EgressChecks, raw: string, base?: URL): URL {
  refuse(checks.url(raw, base));
  return new URL(raw, base);
}

/**
 * One egress request, the way Smokescreen-style proxies make it safe: check the URL, resolve the
 * name, check every address, then connect to exactly the address that was checked (a pinned
 * lookup, so DNS cannot answer differently between check and connect) while TLS SNI and Host stay
 * the host name. Redirects are followed by hand, each hop checked again from the start, and one
 * to another origin takes no injected secret and no credential header along (core decides what).
 */
export async function egressFetch(
  input: EgressRequest,
  checks: EgressChecks,
  limits: EgressLimits,
  resolve: HostResolver = systemResolver,
): Promise<EgressResponse> {
  const deadline = AbortSignal.timeout(limits.totalTimeoutMs);
  const hops: URL[] = [];
  let url = admitted(checks, input.url);
  let method = input.method;
  let body = input.body;
  let headers: Readonly<Record<string, string>> = input.headers;
  for (;;) {
    hops.push(url);
    const host = stripIpv6Brackets(url.hostname);
    const addresses = isIpLiteral(host) ? [host] : await resolve(host);
    if (addresses.length === 0) throw new UpstreamError(`${host} did not resolve.`, 502);
    refuse(checks.addresses(host, addresses));
    const agent = pinnedAgent(limits, url.protocol, addresses[0]!);
    try {
      const response = await send(url, {
        method,
        headers,
        body,
        agent,
        signal: deadline,
        connectTimeoutMs: limits.connectTimeoutMs,
      });
      const location = response.headers.location;
      if (response.statusCode! >= 300 && response.statusCode! < 400 && location) {
        // Its body means nothing to anyone; the connection goes with it rather than be drained.
        response.destroy();
        if (hops.length > limits.maxRedirects) {
          throw new EgressDeniedError(`More than ${limits.maxRedirects} redirects.`, 'redirect.too_many');
        }
        const next = admitted(checks, location, url);
        // 303, and 301/302 after POST, turn into GET without a body, as browsers do.
        if (
          response.statusCode === 303 ||
          ((response.statusCode === 301 || response.statusCode === 302) && method === 'POST')
        ) {
          method = 'GET';
          body = undefined;
        }
        const carried = carryAcrossRedirect(url, next, { headers, body }, input.secrets ?? {});
        refuse(carried);
        headers = carried.headers;
        url = next;
        continue;
      }
      const received = await readBounded(
        response,
        limits.maxResponseBytes,
        () =>
          new PayloadTooLargeError(
            `The response from ${url.hostname} exceeds ${limits.maxResponseBytes} bytes.`,
          ),
      );
      const answered: Record<string, string> = {};
      for (const [name, value] of Object.entries(response.headers)) {
        if (value !== undefined) answered[name] = Array.isArray(value) ? value.join(', ') : value;
      }
      return { status: response.statusCode!, headers: answered, body: received, hops };
    } catch (error) {
      if (
        error instanceof EgressDeniedError ||
        error instanceof PayloadTooLargeError ||
        error instanceof UpstreamError
      )
        throw error;
      if (error instanceof ConnectTimeoutError)
        throw new UpstreamError(`Connecting to ${url.hostname} timed out.`, 504);
      // The deadline aborts the request wherever it is: connecting, waiting for headers or reading.
      if (deadline.aborted) {
        throw new UpstreamError(`${url.hostname} did not answer within ${limits.totalTimeoutMs} ms.`, 504);
      }
      throw new UpstreamError(`${url.hostname} could not be reached: ${(error as Error).message}`, 502);
    }
  }
}

/** Kept-alive agents by scheme and pinned address, per lane configuration; the least recently used go first. */
const agents = new WeakMap<EgressLimits, Map<string, http.Agent>>();
const MAX_PINNED_AGENTS = 256;

/**
 * An agent whose every connection goes to `pinned`, the address that was just checked, whatever
 * DNS says at connect time. Agents are reused for the same address, so repeated egress to a host
 * keeps its TLS connection instead of a handshake per request; Node pools connections by host
 * name (and TLS server name) within an agent, so a connection opened for one host name is never
 * used for another. A name that now resolves elsewhere is checked again and gets the agent of
 * that address.
 */
function pinnedAgent(limits: EgressLimits, protocol: string, pinned: string): http.Agent {
  let pool = agents.get(limits);
  if (!pool) {
    pool = new Map();
    agents.set(limits, pool);
  }
  const key = `${protocol}${pinned}`;
  const found = pool.get(key);
  if (found) {
    pool.delete(key);
    pool.set(key, found);
    return found;
  }
  const family = pinned.includes(':') ? 6 : 4;
  const lookup: LookupFunction = (_hostname, options, callback) => {
    if (options.all) (callback as (e: null, a: LookupAddress[]) => void)(null, [{ address: pinned, family }]);
    else callback(null, pinned, family);
  };
  // The agent's options reach every connection it opens, so none can skip the pinned lookup.
  const agent =
    protocol === 'https:'
      ? new https.Agent({
          keepAlive: true,
          timeout: 30_000,
          lookup,
          ...(limits.ca ? { ca: limits.ca as string[] } : {}),
        })
      : new http.Agent({ keepAlive: true, timeout: 30_000, lookup });
  pool.set(key, agent);
  if (pool.size > MAX_PINNED_AGENTS) {
    // Only forgotten, not destroyed: a request still on it finishes, and its idle connections
    // close at the agent's timeout.
    pool.delete(pool.keys().next().value!);
  }
  return agent;
}
