import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { GetQueueAttributesCommand } from '@aws-sdk/client-sqs';
import { expect } from 'vitest';
import { sqs } from '../../adapters/aws/clients';
import { throwawayCertificates } from '../../cli/dev/certificates';
import { type DevPlatform, startDev } from '../../cli/dev/platform';
import type { Installation } from '../../core/installation/types';
import type { PluginManifest } from '../../core/manifest/types';
import { jsonClient } from './http';
import { freePort } from './ports';

/** One request a plugin's egress made to a partner host, as the partner saw it. */
export interface PartnerCall {
  readonly host: string;
  readonly path: string;
  readonly authorization?: string;
  readonly body: string;
}

export interface SdkPlatform {
  readonly platform: DevPlatform;
  /** The port every partner host answers on (TLS, with the platform trusting its certificate). */
  readonly partnerPort: number;
  /** What the partners were sent, in order. */
  readonly partnerCalls: readonly PartnerCall[];
  /** The last Authorization header a partner host received. */
  lastAuthorization(host: string): string | undefined;
  /** Registers (as the platform admin), installs, configures and enables a plugin in `tenant`. */
  installAndEnable(
    manifest: PluginManifest,
    config?: Record<string, unknown>,
  ): Promise<{ installation: Installation; port: number }>;
  /** Disables an installation as its plugin manager would: the runtime stops the plugin (SIGTERM). */
  disable(pluginId: string): Promise<void>;
  stop(): Promise<void>;
}

/**
 * The platform every SDK's end-to-end suite runs its plugins on: `vivified dev` in this process,
 * a tenant, and HTTPS partner hosts the proxy lane may reach (resolved to one local server; every
 * other host resolves to a public address the guard refuses). Each language's suite then starts
 * its own plugins as processes through the runtime, with the same lanes and the same checks.
 */
export async function startSdkPlatform(options: {
  readonly prefix: string;
  readonly tenant: string;
  readonly partners: readonly string[];
  readonly logDirectory?: string;
  /** Deliveries before an event goes to the DLQ (cli/dev/platform.ts). @default 5 */
  readonly maxReceiveCount?: number;
}): Promise<SdkPlatform> {
  const calls: PartnerCall[] = [];
  const tls = throwawayCertificates([...options.partners]);
  const partner: Server = createServer({ key: tls.key, cert: tls.cert }, async (request, response) => {
    let body = '';
    for await (const chunk of request) body += chunk;
    calls.push({
      host: (request.headers.host ?? '').split(':')[0]!,
      path: request.url ?? '',
      authorization: request.headers.authorization,
      body,
    });
    response
      .writeHead(200, { 'content-type': 'application/json' })
      .end(JSON.stringify({ path: request.url, authorization: request.headers.authorization }));
  });
  await new Promise<void>((resolve) => partner.listen(0, '127.0.0.1', resolve));
  const partnerPort = (partner.address() as AddressInfo).port;

  const platform = await startDev({
    port: await freePort(),
    prefix: options.prefix,
    healthIntervalSeconds: 3600,
    ...(options.logDirectory ? { logDirectory: options.logDirectory } : {}),
    ...(options.maxReceiveCount ? { maxReceiveCount: options.maxReceiveCount } : {}),
    egress: {
      egress: { allowedPorts: [partnerPort], allowRanges: ['127.0.0.1/32'] },
      resolve: async (host) => (options.partners.includes(host) ? ['127.0.0.1'] : ['93.184.216.34']),
      ca: [tls.ca],
    },
  });
  const http = jsonClient(() => platform.url);
  const ops = await platform.issuer.issue({ subject: 'ops', platformAdmin: true });
  expect((await http(ops, 'POST', '/v1/tenants', { id: options.tenant, name: 'SDK' })).status).toBe(201);
  const manager = () =>
    platform.issuer.issue({
      subject: 'ada',
      tenantId: options.tenant,
      roles: ['plugin_manager', 'config_manager'],
    });

  return {
    platform,
    partnerPort,
    partnerCalls: calls,
    lastAuthorization: (host) => calls.filter((call) => call.host === host).at(-1)?.authorization,
    async installAndEnable(manifest, config) {
      expect((await http(ops, 'POST', '/v1/plugins', manifest)).status).toBe(201);
      const base = `/v1/tenants/${options.tenant}/installations`;
      const token = await manager();
      expect((await http(token, 'POST', base, { pluginId: manifest.id, consent: true })).status).toBe(201);
      if (config) {
        const put = await http(token, 'PUT', `${base}/${manifest.id}/config`, { values: config });
        expect(put.status, JSON.stringify(put.body)).toBe(200);
      }
      const enabled = await http(token, 'POST', `${base}/${manifest.id}/enable`);
      expect(enabled.status, JSON.stringify(enabled.body)).toBe(200);
      const installation = (await platform.plane.installations.get(options.tenant, manifest.id))!;
      const { endpoint } = await platform.plane.runtime.status(installation.installationId);
      return { installation, port: Number(new URL(endpoint!).port) };
    },
    async disable(pluginId) {
      const path = `/v1/tenants/${options.tenant}/installations/${pluginId}/disable`;
      const disabled = await http(await manager(), 'POST', path);
      expect(disabled.status, JSON.stringify(disabled.body)).toBe(200);
    },
    async stop() {
      await platform.stop();
      partner.close();
    },
  };
}

/** Messages on a queue, visible or in flight: zero once every delivery was acknowledged. */
export async function messagesLeft(queueUrl: string): Promise<number> {
  const { Attributes } = await sqs.send(
    new GetQueueAttributesCommand({
      QueueUrl: queueUrl,
      AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'],
    }),
  );
  return (
    Number(Attributes?.ApproximateNumberOfMessages) +
    Number(Attributes?.ApproximateNumberOfMessagesNotVisible)
  );
}
