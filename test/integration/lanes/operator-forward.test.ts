import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UpstreamError } from '../../../core/errors';
import { forward } from '../../../functions/lanes/operator/forward';

// The operator lane's HTTP client against a loopback plugin: what a caller gets back for every
// way a plugin can answer, or fail to. No emulator involved.

const read = (incoming: IncomingMessage) =>
  new Promise<string>((resolve) => {
    const chunks: Buffer[] = [];
    incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
    incoming.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
  });

describe('forwarding an operator call to a plugin', () => {
  let plugin: Server;
  let base: string;
  const seen: { method: string; path: string; headers: IncomingMessage['headers']; body: string }[] = [];
  const sockets = new Set<number>();

  beforeAll(async () => {
    plugin = createServer(async (incoming, response) => {
      const body = await read(incoming);
      seen.push({ method: incoming.method!, path: incoming.url!, headers: incoming.headers, body });
      sockets.add(incoming.socket.remotePort!);
      if (incoming.url === '/silent') return; // never answers
      if (incoming.url === '/large') {
        response.setHeader('content-type', 'application/octet-stream');
        response.end(Buffer.alloc(4096, 1));
        return;
      }
      if (incoming.url === '/dribble') {
        response.writeHead(200, { 'content-type': 'application/json' });
        response.write('{"partial":');
        return; // headers sent, the rest never comes
      }
      if (incoming.url === '/crash') {
        incoming.socket.destroy();
        return;
      }
      response.writeHead(incoming.url === '/missing' ? 404 : 200, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ echoed: body }));
    });
    plugin.keepAliveTimeout = 10_000;
    await new Promise<void>((resolve) => plugin.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(plugin.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    plugin.closeAllConnections();
    await new Promise((resolve) => plugin.close(resolve));
  });

  const call = { headers: { 'content-type': 'application/json' }, timeoutMs: 500, maxResponseBytes: 1024 };
  const failure = (promise: Promise<unknown>) =>
    promise.then(
      () => expect.unreachable('the forward succeeded'),
      (error: unknown) => error as UpstreamError,
    );

  it('sends method, headers and body, and returns the plugin’s status, type and answer', async () => {
    const answer = await forward(`${base}/documents/get`, {
      ...call,
      method: 'POST',
      headers: { ...call.headers, 'x-vivified-caller': 'ehr-sync' },
      body: '{"id":"doc-1"}',
    });

    expect(answer).toEqual({
      status: 200,
      contentType: 'application/json',
      body: JSON.stringify({ echoed: '{"id":"doc-1"}' }),
    });
    const received = seen.at(-1)!;
    expect(received).toMatchObject({ method: 'POST', path: '/documents/get', body: '{"id":"doc-1"}' });
    expect(received.headers).toMatchObject({ 'x-vivified-caller': 'ehr-sync', 'content-length': '14' });
  });

  it('passes a plugin’s own error status through, and sends no body for a GET', async () => {
    const answer = await forward(`${base}/missing`, { ...call, method: 'GET' });

    expect(answer.status).toBe(404);
    expect(seen.at(-1)).toMatchObject({ method: 'GET', body: '' });
    expect(seen.at(-1)!.headers['content-length']).toBeUndefined();
  });

  it('keeps the connection alive across calls', async () => {
    sockets.clear();
    for (let i = 0; i < 5; i++)
      await forward(`${base}/documents/get`, { ...call, method: 'POST', body: '{}' });

    expect(sockets.size).toBe(1);
  });

  it('answers 504 when the plugin sends nothing within the deadline, and when its answer stalls', async () => {
    for (const path of ['/silent', '/dribble']) {
      const started = Date.now();
      const error = await failure(forward(`${base}${path}`, { ...call, method: 'GET' }));

      expect(error).toBeInstanceOf(UpstreamError);
      expect(error.status).toBe(504);
      expect(Date.now() - started).toBeLessThan(2_000);
    }
  });

  it('answers 502 for an answer over the size limit', async () => {
    const error = await failure(forward(`${base}/large`, { ...call, method: 'GET' }));

    expect(error.status).toBe(502);
    expect(error.message).toContain('exceeds 1024 bytes');
  });

  it('answers 502 when the plugin drops the connection or nothing listens', async () => {
    const dropped = await failure(forward(`${base}/crash`, { ...call, method: 'GET' }));
    const closed = await failure(forward('http://127.0.0.1:1/x', { ...call, method: 'GET' }));

    expect([dropped.status, closed.status]).toEqual([502, 502]);
    expect(closed.message).toContain('could not be reached');
  });

  it('refuses an endpoint that is not HTTP without sending anything', async () => {
    const before = seen.length;
    const error = await failure(forward('file:///etc/passwd', { ...call, method: 'GET' }));

    expect(error.status).toBe(502);
    expect(seen.length).toBe(before);
  });
});
