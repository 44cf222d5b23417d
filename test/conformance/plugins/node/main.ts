import { readFileSync } from 'node:fs';
import { type Caller, type CanonicalEvent, createPlugin, VivifiedError } from '../../../../sdk/node/src';

/*
 * The Node SDK's conformance plugin (test/conformance/README.md says what every SDK's does). The
 * runtime starts it with the manifest's path as its one argument.
 */

const manifestPath = process.argv[2];
if (!manifestPath) throw new Error('usage: main.ts MANIFEST');
const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
const plugin = createPlugin({ manifest, pollWaitSeconds: 2 });
const id: string = manifest.id;

interface Delivery {
  id: string;
  type: string;
  tenantId: string;
  data: Record<string, unknown>;
  redacted: readonly string[];
  delivery: number;
}
const seen: Delivery[] = [];
const deliveries = new Map<string, number>();

/** A lane's answer as the test reads it: the value, or the typed error's name and fields. */
async function outcomeOf(work: () => Promise<unknown>) {
  try {
    return { value: await work() };
  } catch (error) {
    if (!(error instanceof VivifiedError)) throw error;
    return { error: error.constructor.name, status: error.status, code: error.code, detail: error.message };
  }
}

const callerOf = (caller: Caller) => ({
  pluginId: caller.pluginId,
  tenantId: caller.tenantId,
  installationId: caller.installationId,
  operation: caller.operation,
  traceId: caller.traceId,
});

plugin
  .on('UserCreated.v1', async (event: CanonicalEvent) => {
    const userId = String(event.data.userId);
    const delivery = (deliveries.get(event.id) ?? 0) + 1;
    deliveries.set(event.id, delivery);
    seen.push({
      id: event.id,
      type: event.type,
      tenantId: event.tenantId,
      data: event.data,
      redacted: event.redacted ?? [],
      delivery,
    });
    // Throwing leaves the event on the queue: the SDK makes it visible again after a backoff.
    if (userId.startsWith(`fail-twice-${id}-`) && delivery <= 2) throw new Error('failing on purpose');
    await plugin.publish('PaymentReceived.v1', {
      paymentId: `${id}/${userId}`,
      payerName: String(event.data.name ?? 'unknown'),
      amount: { value: '12.50', currency: 'EUR' },
      invoiceId: event.id,
      receivedAt: '2026-11-24T10:00:00Z',
      memo: `from ${id}`,
    });
  })
  .expose('echo', (payload, caller) => ({ payload, caller: callerOf(caller) }))
  .expose('seen', () => seen)
  .expose('callPeer', (input: { plugin: string; operation: string; payload: unknown }) =>
    outcomeOf(() => plugin.call(input.plugin, input.operation, input.payload)),
  )
  .expose('fetch', (input: { url: string; authorization: string }) =>
    outcomeOf(async () => {
      const response = await plugin.fetch(input.url, {
        method: 'POST',
        headers: { authorization: input.authorization },
        body: 'hi',
      });
      return { status: response.status, body: await response.text() };
    }),
  )
  .expose('config', () => outcomeOf(() => plugin.config()))
  .expose('renew', () =>
    outcomeOf(async () => {
      await plugin.renewCredential();
      // The fresh credential is the one this call carries.
      return plugin.config();
    }),
  );

plugin.start().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
