import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localGateway } from '../../../cli/dev/gateway';

// The local gateway's own answers, before any handler: what routing and body limits refuse.
describe('the local gateway', () => {
  const errors: unknown[] = [];
  const gateway = localGateway({
    areas: {
      catalog: async (event) => {
        if (event.queryStringParameters?.fail) throw new Error('the handler broke');
        return { statusCode: 200, headers: {}, body: JSON.stringify({ resource: event.resource }) };
      },
    },
    maxBodyBytes: 64,
    onError: (error) => errors.push(error),
  });
  let url: string;
  beforeAll(async () => {
    url = await gateway.listen();
  });
  afterAll(() => gateway.close());

  const problemOf = async (response: Response) => {
    expect(response.headers.get('content-type')).toBe('application/problem+json');
    const body = (await response.json()) as Record<string, any>;
    // Every problem carries its title and the trace id the response names, as the handlers' do.
    expect(body).toMatchObject({ status: response.status, title: expect.any(String) });
    expect(body.traceId).toBe(response.headers.get('x-amzn-requestid'));
    return body;
  };

  it('routes a method and path of the table to its area', async () => {
    const response = await fetch(`${url}/v1/plugins`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ resource: '/v1/plugins' });
  });

  it('answers a path the table does not have with 404', async () => {
    const response = await fetch(`${url}/v1/nowhere`);
    expect(response.status).toBe(404);
    expect(await problemOf(response)).toMatchObject({ code: 'route_not_found', instance: '/v1/nowhere' });
  });

  it('answers a method the path does not take with 405 and the methods it does take', async () => {
    const response = await fetch(`${url}/v1/plugins/notifier`, { method: 'PUT', body: '{}' });
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('DELETE, GET');
    expect(await problemOf(response)).toMatchObject({ code: 'method_not_allowed', allow: ['DELETE', 'GET'] });
  });

  it('refuses a body over the limit with 413', async () => {
    const response = await fetch(`${url}/v1/plugins`, { method: 'POST', body: 'x'.repeat(65) });
    expect(response.status).toBe(413);
    expect((await problemOf(response)).code).toBe('payload_too_large');
  });

  it('answers its own failure with 500 and a reference, and reports it', async () => {
    const response = await fetch(`${url}/v1/plugins?fail=1`);
    expect(response.status).toBe(500);
    const body = await problemOf(response);
    expect(body.code).toBe('internal_error');
    expect(body.detail).toContain(body.traceId);
    expect(errors).toEqual([expect.objectContaining({ message: 'the handler broke' })]);
  });
});

// Ctrl-C must end `vivified dev` even while a client is mid-request (here: headers sent, body never).
describe('closing the local gateway', () => {
  it('cuts a connection still sending its request once the grace has passed', async () => {
    const gateway = localGateway({ areas: {} });
    const url = new URL(await gateway.listen());
    const { connect } = await import('node:net');
    const socket = connect(Number(url.port), url.hostname);
    await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
    const cut = new Promise<void>((resolve) => socket.once('close', () => resolve()));
    socket.write('POST /v1/plugins HTTP/1.1\r\nhost: 127.0.0.1\r\ncontent-length: 100\r\n\r\n{"half":');
    // Without the cut, close() would wait for the body forever and the test would time out.
    await gateway.close(200);
    await cut;
    expect(socket.destroyed).toBe(true);
  });
});
