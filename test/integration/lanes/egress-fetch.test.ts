import { createServer as createHttpServer } from 'node:http';
import { createServer, type Server } from 'node:https';
import {
  type AddressInfo,
  createServer as createTcpServer,
  type Socket,
  type Server as TcpServer,
} from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { throwawayCertificates } from '../../../cli/dev/certificates';
import { UpstreamError } from '../../../core/errors';
import {
  type EgressChecks,
  type EgressLimits,
  egressFetch,
} from '../../../functions/lanes/proxy/egress-fetch';

// The proxy lane's transport on its own, with the policy checks injected so that only what the
// client does is under test: where it connects, what it reuses, how it gives up. The lane's
// policy (allowlists, address classes, redirects refused) is tested in proxy.test.ts and core.

const allowAll: EgressChecks = {
  url: () => ({ allowed: true, rule: 'test' }),
  addresses: () => ({ allowed: true, rule: 'test' }),
};

describe('egress requests on pinned connections', () => {
  const tls = throwawayCertificates(['pinned.example', 'other.example']);
  let server: Server;
  let silent: TcpServer;
  const held: Socket[] = [];
  let port: number;
  const seen: { host: string | undefined; socket: number }[] = [];
  const limits: EgressLimits = {
    maxRedirects: 3,
    maxResponseBytes: 10_000,
    connectTimeoutMs: 300,
    totalTimeoutMs: 3_000,
    ca: [tls.ca],
  };

  beforeAll(async () => {
    server = createServer({ key: tls.key, cert: tls.cert }, (request, response) => {
      seen.push({ host: request.headers.host, socket: request.socket.remotePort! });
      if (request.url === '/silent') return; // connected, and never answers
      response.setHeader('content-type', 'text/plain');
      response.setHeader('set-cookie', ['a=1', 'b=2']);
      response.end(`hello ${request.headers.host}`);
    });
    server.keepAliveTimeout = 10_000;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
    // Accepts TCP and then says nothing: a TLS handshake that never completes.
    silent = createTcpServer((socket) => {
      held.push(socket);
      // Reads (and discards) the ClientHello, so it sees the client hang up.
      socket.resume();
    });
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    for (const socket of held) socket.destroy();
    await new Promise((resolve) => silent.close(resolve));
  });

  it('connects to the address that was checked, not to what DNS says at connect time, with SNI and Host kept', async () => {
    // The resolver is asked once, by the lane, before the check; the connection never asks again.
    let asked = 0;
    const resolve = async () => {
      asked++;
      return ['127.0.0.1'];
    };

    const response = await egressFetch(
      { method: 'GET', url: `https://pinned.example:${port}/`, headers: {} },
      allowAll,
      limits,
      resolve,
    );

    expect(asked).toBe(1);
    expect(response.status).toBe(200);
    // TLS verified the certificate for pinned.example, so SNI carried the name, not the address.
    expect(response.body.toString()).toBe(`hello pinned.example:${port}`);
    expect(response.headers['set-cookie']).toBe('a=1, b=2');
  });

  it('reuses a kept-alive connection per host name, and never one host’s connection for another', async () => {
    const resolve = async () => ['127.0.0.1'];
    seen.length = 0;
    for (const host of ['pinned.example', 'pinned.example', 'other.example', 'other.example']) {
      await egressFetch(
        { method: 'GET', url: `https://${host}:${port}/`, headers: {} },
        allowAll,
        limits,
        resolve,
      );
    }

    const socketsOf = (host: string) =>
      new Set(seen.filter((s) => s.host?.startsWith(host)).map((s) => s.socket));
    expect(socketsOf('pinned.example').size).toBe(1);
    expect(socketsOf('other.example').size).toBe(1);
    expect([...socketsOf('pinned.example')][0]).not.toBe([...socketsOf('other.example')][0]);
  });

  it('refuses a certificate that does not name the host it was pinned for', async () => {
    const error = await egressFetch(
      { method: 'GET', url: `https://unnamed.example:${port}/`, headers: {} },
      allowAll,
      limits,
      async () => ['127.0.0.1'],
    ).catch((e: unknown) => e as UpstreamError);

    expect(error).toBeInstanceOf(UpstreamError);
    expect((error as UpstreamError).status).toBe(502);
    expect((error as UpstreamError).message).toMatch(/altnames|certificate/i);
  });

  it('gives up on a connection whose TLS handshake does not finish within the connect timeout', async () => {
    const started = Date.now();
    const error = await egressFetch(
      {
        method: 'GET',
        url: `https://pinned.example:${(silent.address() as AddressInfo).port}/`,
        headers: {},
      },
      allowAll,
      limits,
      async () => ['127.0.0.1'],
    ).catch((e: unknown) => e as UpstreamError);

    expect((error as UpstreamError).status).toBe(504);
    expect((error as UpstreamError).message).toBe('Connecting to pinned.example timed out.');
    expect(Date.now() - started).toBeLessThan(limits.totalTimeoutMs);
    // The half-open connection is let go of, not left to the agent.
    await expect.poll(() => held.at(-1)?.closed, { timeout: 1_000 }).toBe(true);
  });

  it('answers 504 when a connected upstream does not answer within the total deadline', async () => {
    const started = Date.now();
    const error = await egressFetch(
      { method: 'GET', url: `https://pinned.example:${port}/silent`, headers: {} },
      allowAll,
      { ...limits, totalTimeoutMs: 400 },
      async () => ['127.0.0.1'],
    ).catch((e: unknown) => e as UpstreamError);

    expect((error as UpstreamError).status).toBe(504);
    expect((error as UpstreamError).message).toBe('pinned.example did not answer within 400 ms.');
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('speaks plain http where the policy allows it, sending the body with its length', async () => {
    const received: { body: string; length: string | undefined }[] = [];
    const plain = createHttpServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        received.push({ body: Buffer.concat(chunks).toString(), length: request.headers['content-length'] });
        response.end('ok');
      });
    });
    await new Promise<void>((resolve) => plain.listen(0, '127.0.0.1', resolve));
    try {
      const response = await egressFetch(
        {
          method: 'POST',
          url: `http://plain.example:${(plain.address() as AddressInfo).port}/`,
          headers: { 'content-type': 'application/json' },
          body: '{"ü":1}',
        },
        allowAll,
        limits,
        async () => ['127.0.0.1'],
      );

      expect(response.status).toBe(200);
      expect(received).toEqual([{ body: '{"ü":1}', length: '8' }]);
    } finally {
      plain.closeAllConnections();
      await new Promise((resolve) => plain.close(resolve));
    }
  });
});
