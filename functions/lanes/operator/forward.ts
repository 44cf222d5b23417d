import http from 'node:http';
import https from 'node:https';
import { UpstreamError } from '../../../core/errors';
import type { PluginCaller } from '../../../core/ports';
import { readBounded, send } from '../http-exchange';

// Keep-alive connections to plugins survive across invocations of a warm container.
const agents = {
  'http:': new http.Agent({ keepAlive: true, maxSockets: 64, timeout: 30_000 }),
  'https:': new https.Agent({ keepAlive: true, maxSockets: 64, timeout: 30_000 }),
} as const;

/**
 * Sends one operator call to a plugin and reads the answer within a total deadline and a size
 * limit. A plugin that does not answer in time is a 504, one that fails or answers too much a
 * 502 — the caller always gets an answer, never a hang.
 */
export const forward: PluginCaller = async (url, call) => {
  const target = new URL(url);
  if (!(target.protocol in agents)) {
    throw new UpstreamError(`The plugin's endpoint is not an HTTP URL (${target.protocol}).`, 502);
  }
  const signal = AbortSignal.timeout(call.timeoutMs);
  try {
    const response = await send(target, {
      method: call.method,
      headers: call.headers,
      body: call.body,
      agent: agents[target.protocol as keyof typeof agents],
      signal,
    });
    const body = await readBounded(
      response,
      call.maxResponseBytes,
      () => new UpstreamError(`The plugin's answer exceeds ${call.maxResponseBytes} bytes.`, 502),
    );
    return {
      status: response.statusCode ?? 502,
      contentType: response.headers['content-type'] ?? 'application/octet-stream',
      body: body.toString('utf8'),
    };
  } catch (error) {
    if (error instanceof UpstreamError) throw error;
    // The deadline aborts the request wherever it is: connecting, waiting for headers or reading.
    if (signal.aborted)
      throw new UpstreamError(`The plugin did not answer within ${call.timeoutMs} ms.`, 504);
    throw new UpstreamError(`The plugin could not be reached: ${(error as Error).message}`, 502);
  }
};
