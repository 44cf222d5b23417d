import { Agent, errors, request } from 'undici';
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

// Keep-alive connections to plugins survive across invocations of a warm Lambda container.
const agent = new Agent({ keepAliveTimeout: 30_000, connections: 64 });

/**
 * Sends one operator call to a plugin and reads the answer within a total deadline and a size
 * limit. A plugin that does not answer in time is a 504, one that fails or answers too much a
 * 502 — the caller always gets an answer, never a hang.
 */
export async function forward(url: string, call: Forwarding): Promise<Forwarded> {
  const signal = AbortSignal.timeout(call.timeoutMs);
  try {
    const response = await request(url, {
      method: call.method as 'POST',
      headers: call.headers,
      body: call.body,
      signal,
      dispatcher: agent,
      headersTimeout: call.timeoutMs,
      bodyTimeout: call.timeoutMs,
    });
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of response.body) {
      size += chunk.length;
      if (size > call.maxResponseBytes) {
        response.body.destroy();
        throw new UpstreamError(`The plugin's answer exceeds ${call.maxResponseBytes} bytes.`, 502);
      }
      chunks.push(chunk);
    }
    const contentType = String(response.headers['content-type'] ?? 'application/octet-stream');
    return { status: response.statusCode, contentType, body: Buffer.concat(chunks).toString('utf8') };
  } catch (error) {
    if (error instanceof UpstreamError) throw error;
    if (
      signal.aborted ||
      error instanceof errors.HeadersTimeoutError ||
      error instanceof errors.BodyTimeoutError
    ) {
      throw new UpstreamError(`The plugin did not answer within ${call.timeoutMs} ms.`, 504);
    }
    throw new UpstreamError(`The plugin could not be reached: ${(error as Error).message}`, 502);
  }
}
