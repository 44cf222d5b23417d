import http, { type IncomingMessage } from 'node:http';
import https from 'node:https';
import { UpstreamError } from '../../../core/errors';

export interface Forwarding {
  readonly method: string;
  readonly headers: Record<string, string>;
  readonly body?: string;
  readonly timeoutMs: number;
  readonly maxResponseBytes: number;
}

export interface Forwarded {
  readonly status: number;
  readonly contentType: string;
  readonly body: string;
}

/**
 * Node's own HTTP client, not undici: this lane only sends a request to a plugin it has already
 * authorised and reads a bounded answer, which needs no pinning, and undici would be over 500 KB
 * of the lane's bundle (paid at every cold start) for no lower latency on a kept-alive
 * connection (bench/RESULTS.md). Keep-alive connections to plugins survive across invocations of
 * a warm container; Node's agent honours a plugin's `Keep-Alive: timeout` hint, so an idle
 * connection is dropped before the plugin closes it.
 */
const agents = {
  'http:': new http.Agent({ keepAlive: true, maxSockets: 64, timeout: 30_000 }),
  'https:': new https.Agent({ keepAlive: true, maxSockets: 64, timeout: 30_000 }),
} as const;

function send(url: URL, call: Forwarding, signal: AbortSignal): Promise<IncomingMessage> {
  const scheme = url.protocol === 'https:' ? https : http;
  const agent = agents[url.protocol as keyof typeof agents];
  return new Promise((resolve, reject) => {
    const outgoing = scheme.request(
      url,
      {
        method: call.method,
        agent,
        signal,
        headers: {
          ...call.headers,
          ...(call.body === undefined ? {} : { 'content-length': String(Buffer.byteLength(call.body)) }),
        },
      },
      resolve,
    );
    outgoing.on('error', reject);
    outgoing.end(call.body);
  });
}

/**
 * Sends one operator call to a plugin and reads the answer within a total deadline and a size
 * limit. A plugin that does not answer in time is a 504, one that fails or answers too much a
 * 502 — the caller always gets an answer, never a hang.
 */
export async function forward(url: string, call: Forwarding): Promise<Forwarded> {
  const target = new URL(url);
  if (!(target.protocol in agents)) {
    throw new UpstreamError(`The plugin's endpoint is not an HTTP URL (${target.protocol}).`, 502);
  }
  const signal = AbortSignal.timeout(call.timeoutMs);
  try {
    const response = await send(target, call, signal);
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of response as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size > call.maxResponseBytes) {
        response.destroy();
        throw new UpstreamError(`The plugin's answer exceeds ${call.maxResponseBytes} bytes.`, 502);
      }
      chunks.push(chunk);
    }
    return {
      status: response.statusCode ?? 502,
      contentType: response.headers['content-type'] ?? 'application/octet-stream',
      body: Buffer.concat(chunks).toString('utf8'),
    };
  } catch (error) {
    if (error instanceof UpstreamError) throw error;
    // The deadline aborts the request wherever it is: connecting, waiting for headers or reading.
    if (signal.aborted)
      throw new UpstreamError(`The plugin did not answer within ${call.timeoutMs} ms.`, 504);
    throw new UpstreamError(`The plugin could not be reached: ${(error as Error).message}`, 502);
  }
}
