import { request } from 'node:https';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_EHR_HOST, type DemoUpstream, startDemoUpstream } from '../../../cli/dev/demo-upstream';

/** Sends a request target exactly as written (fetch and URL would normalise it first). */
function send(upstream: DemoUpstream, path: string, method = 'GET') {
  return new Promise<{ status: number; body: string }>((resolve, reject) => {
    const sent = request(
      { host: '127.0.0.1', port: upstream.port, path, method, ca: upstream.ca, servername: DEMO_EHR_HOST },
      (response) => {
        let body = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => {
          body += chunk;
        });
        response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
      },
    );
    // A server that never answers fails the test in seconds, not at the test's timeout.
    sent.setTimeout(5000, () => sent.destroy(new Error(`no answer to ${method} ${path}`)));
    sent.on('error', reject);
    sent.end();
  });
}

describe('the demo upstream', () => {
  let upstream: DemoUpstream;
  beforeAll(async () => {
    upstream = await startDemoUpstream();
  });
  afterAll(() => upstream.close());

  it('answers a request target that is no URL with 400 and keeps serving', async () => {
    const rejections: unknown[] = [];
    const onRejection = (reason: unknown) => rejections.push(reason);
    process.on('unhandledRejection', onRejection);
    try {
      for (const target of ['///', '//:99999']) {
        const answer = await send(upstream, target);
        expect(answer.status).toBe(400);
        expect(JSON.parse(answer.body)).toEqual({ error: expect.stringContaining('Invalid URL') });
      }
      expect((await send(upstream, '/fhir/Patient')).status).toBe(200);
      expect(rejections).toEqual([]);
    } finally {
      process.off('unhandledRejection', onRejection);
    }
  });

  it('answers a body that is not JSON with 400', async () => {
    const answer = await new Promise<number>((resolve, reject) => {
      const sent = request(
        {
          host: '127.0.0.1',
          port: upstream.port,
          path: '/fhir/Patient',
          method: 'POST',
          ca: upstream.ca,
          servername: DEMO_EHR_HOST,
        },
        (response) => {
          response.resume();
          resolve(response.statusCode ?? 0);
        },
      );
      sent.on('error', reject);
      sent.end('{not json');
    });
    expect(answer).toBe(400);
  });
});
