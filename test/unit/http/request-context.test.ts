import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { afterEach, describe, expect, it, onTestFinished, vi } from 'vitest';
import { NotFoundError } from '../../../core/errors';
import { httpApi } from '../../../functions/shared/http';
import { apiEvent, lambdaContext, route } from '../../support/api';

// `vivified dev` (and any in-process host) answers requests of one handler concurrently: what a
// request logs and measures must be its own, or the "Reference" a client is shown leads nowhere.
describe('the HTTP pipeline under concurrent requests', () => {
  afterEach(() => vi.restoreAllMocks());

  // Powertools writes JSON lines through a Console on the process's streams, made at construction:
  // the streams are watched before the logger exists.
  const lines = () => {
    const written: string[] = [];
    for (const stream of [process.stdout, process.stderr]) {
      vi.spyOn(stream, 'write').mockImplementation((chunk: string | Uint8Array) => {
        written.push(String(chunk));
        return true;
      });
    }
    return written;
  };

  it('logs a failed request with the trace id its client was shown, not a concurrent one’s', async () => {
    const written = lines();
    const logger = new Logger({ serviceName: 'concurrency', logLevel: 'ERROR' });
    const metrics = new Metrics({ namespace: 'Test', serviceName: 'concurrency', logger });
    let release: () => void = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    const api = httpApi({
      area: 'tenants',
      logger,
      metrics,
      handlers: {
        // The first request fails only after a second one has started.
        'tenant.create': async () => {
          await held;
          throw new Error('the store broke');
        },
        'tenant.list': async () => {
          release();
          return { status: 200, body: { items: [] } };
        },
        'tenant.read': async () => ({ status: 404 }) as never,
      },
    });

    const failing = api(
      apiEvent(route('POST', '/v1/tenants'), { body: { tenantId: 'x', name: 'X' } }),
      lambdaContext(),
    );
    const passing = api(apiEvent(route('GET', '/v1/tenants')), lambdaContext());
    const [failed] = await Promise.all([failing, passing]);

    const shown = JSON.parse(failed.body).traceId as string;
    const logged = written
      .flatMap((line) => (line.startsWith('{') ? [JSON.parse(line)] : []))
      .filter((entry) => entry.level === 'ERROR');
    expect(logged).toHaveLength(1);
    expect(logged[0]).toMatchObject({ message: 'Unhandled error', traceId: shown, action: 'tenant.create' });
    // Each request's Action dimension is its own: no overwritten dimension, no warning about it.
    expect(written.join('')).not.toContain('has already been added');
  });

  it('publishes what a request stored, and warns nothing for one that stored nothing', async () => {
    // Tests run with metrics disabled; this one looks at what is published.
    vi.stubEnv('POWERTOOLS_METRICS_DISABLED', 'false');
    onTestFinished(() => {
      vi.unstubAllEnvs();
    });
    const written = lines();
    const logger = new Logger({ serviceName: 'metrics', logLevel: 'WARN' });
    const metrics = new Metrics({ namespace: 'Test', serviceName: 'metrics', logger });
    const api = httpApi({
      area: 'tenants',
      logger,
      metrics,
      handlers: {
        'tenant.create': async () => {
          // What the guard does for each decision.
          metrics.addMetric('DecisionsAllowed', 'Count', 1);
          return { status: 201, body: {} as never };
        },
        'tenant.list': async () => ({ status: 200, body: { items: [] } }),
        'tenant.read': async (request) => {
          if (request.params.tenantId === 'broken') throw new Error('the store broke');
          throw new NotFoundError('No such tenant.');
        },
      },
    });

    await api(apiEvent(route('GET', '/v1/tenants')), lambdaContext());
    expect(written.join('')).not.toContain('No application metrics to publish');
    // A refused and a failed request count too, each also as what became of it.
    const read = route('GET', '/v1/tenants/{tenantId}');
    expect((await api(apiEvent(read, { params: { tenantId: 'absent' } }), lambdaContext())).statusCode).toBe(
      404,
    );
    expect((await api(apiEvent(read, { params: { tenantId: 'broken' } }), lambdaContext())).statusCode).toBe(
      500,
    );
    const emitted = written.flatMap((line) => (line.startsWith('{') ? [JSON.parse(line)] : []));
    const ofRead = (name: string) =>
      emitted.filter((entry) => name in entry && entry.Action === 'tenant.read').map((entry) => entry[name]);
    expect(ofRead('Requests')).toEqual([1, 1]);
    expect(ofRead('Latency')).toHaveLength(2);
    expect(ofRead('Refusals')).toEqual([1]);
    expect(ofRead('Failures')).toEqual([1]);
    expect(emitted.filter((entry) => 'Requests' in entry && entry.Action === 'tenant.list')).toHaveLength(1);
    expect(
      emitted.some((entry) => entry.Action === 'tenant.list' && ('Refusals' in entry || 'Failures' in entry)),
    ).toBe(false);
    await api(apiEvent(route('POST', '/v1/tenants'), { body: { id: 'x', name: 'X' } }), lambdaContext());

    const published = written.flatMap((line) => (line.startsWith('{') ? [JSON.parse(line)] : []));
    expect(published.filter((entry) => 'DecisionsAllowed' in entry)).toHaveLength(1);
    expect(written.join('')).not.toContain('No application metrics to publish');
  });
});
