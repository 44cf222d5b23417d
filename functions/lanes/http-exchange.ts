import http, { type IncomingMessage } from 'node:http';
import https from 'node:https';

/**
 * One HTTP exchange for the lanes that call out (operator forwards to plugins, proxy egress), on
 * Node's own client rather than undici: neither needs more than a keep-alive agent and, for the
 * proxy's pinning, the agent's `lookup` option, and undici would be over 500 KB of each lane's
 * bundle and ~50 ms of every cold start for no lower latency on a kept-alive connection
 * (bench/RESULTS.md). Node's agent honours a server's `Keep-Alive: timeout` hint, so an idle
 * connection is dropped before the other side closes it.
 */

export interface Exchange {
  readonly method: string;
  readonly headers: Record<string, string>;
  readonly body?: string;
  readonly agent: http.Agent;
  /** Aborts the exchange wherever it is: connecting, waiting for headers or reading. */
  readonly signal: AbortSignal;
  /**
   * How long a new connection may take up to the end of its TLS handshake; Node has no such
   * timeout of its own. A kept-alive connection is already up. @default none (the signal only)
   */
  readonly connectTimeoutMs?: number;
}

/** The connection (TCP and, for https, TLS) was not up within the connect timeout. */
export class ConnectTimeoutError extends Error {}

/** Sends the request and resolves with the response once its headers have arrived. */
export function send(url: URL, exchange: Exchange): Promise<IncomingMessage> {
  const secure = url.protocol === 'https:';
  return new Promise((resolve, reject) => {
    const outgoing = (secure ? https : http).request(
      url,
      {
        method: exchange.method,
        agent: exchange.agent,
        signal: exchange.signal,
        headers: {
          ...exchange.headers,
          ...(exchange.body === undefined
            ? {}
            : { 'content-length': String(Buffer.byteLength(exchange.body)) }),
        },
      },
      resolve,
    );
    outgoing.on('error', reject);
    const { connectTimeoutMs } = exchange;
    if (connectTimeoutMs !== undefined) {
      outgoing.on('socket', (socket) => {
        if (!socket.connecting) return;
        const timer = setTimeout(() => outgoing.destroy(new ConnectTimeoutError()), connectTimeoutMs);
        socket.once(secure ? 'secureConnect' : 'connect', () => clearTimeout(timer));
        socket.once('close', () => clearTimeout(timer));
      });
    }
    outgoing.end(exchange.body);
  });
}

/**
 * Reads the whole body, up to `maxBytes`: past that the response is destroyed (the connection
 * with it) and `tooLarge` is thrown, so an answer never grows without bound in memory.
 */
export async function readBounded(
  response: IncomingMessage,
  maxBytes: number,
  tooLarge: () => Error,
): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of response as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > maxBytes) {
      response.destroy();
      throw tooLarge();
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}
