import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { rootCertificates } from 'node:tls';
import { systemResolver } from '../../functions/lanes/proxy/egress-fetch';
import { throwawayCertificates } from './certificates';
import type { DevOptions } from './platform';

/** The hosts the demo's upstream answers as; the local proxy lane resolves them to it. */
export const DEMO_EHR_HOST = 'demo-clinic.ehr.example';
export const DEMO_MAILER_HOST = 'api.mailer.example';

/** The bearer token the demo mailer expects: the notifier sends it as a `{{secret:apiToken}}` reference. */
export const DEMO_MAILER_TOKEN = 'demo-mailer-token';

interface Patient {
  readonly resourceType: 'Patient';
  readonly id: string;
  readonly meta: { readonly lastUpdated: string };
  readonly name: readonly { readonly text: string }[];
  readonly telecom: readonly { readonly system: 'email'; readonly value: string }[];
  readonly birthDate: string;
  readonly identifier: readonly { readonly system: string; readonly value: string }[];
}

export interface DemoUpstream {
  /** `https://<host>:<port>` of the EHR feed and the mailer, as plugins name them. */
  readonly ehrUrl: string;
  readonly mailerUrl: string;
  /** The same server by address, for people and tests outside the proxy lane. */
  readonly localUrl: string;
  readonly port: number;
  /** The CA the local proxy lane trusts for these hosts only. */
  readonly ca: string;
  close(): Promise<void>;
}

const json = (body: unknown) => JSON.stringify(body);

/**
 * The outside world of `vivified dev --demo`, so the example plugins' egress can be watched
 * without internet: a clinic EHR with a FHIR-style patient feed (POST /fhir/Patient admits a
 * patient, GET /fhir/Patient?_since= lists admissions), and a mail API that records what it is
 * sent (POST and GET /v1/messages), told apart by path. It runs TLS with a throwaway CA, reached only through the
 * proxy lane, which checks it like any other upstream.
 */
export async function startDemoUpstream(): Promise<DemoUpstream> {
  const tls = throwawayCertificates([DEMO_EHR_HOST, DEMO_MAILER_HOST]);
  const patients: Patient[] = [];
  const messages: Array<Record<string, unknown>> = [];
  const read = async (request: AsyncIterable<Buffer>) => {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk);
    return Buffer.concat(chunks).toString('utf8');
  };

  const server: Server = createServer({ key: tls.key, cert: tls.cert }, async (request, response) => {
    const answer = (status: number, body: unknown) =>
      response.writeHead(status, { 'content-type': 'application/json' }).end(json(body));
    // Everything, the request target's parsing included, inside the try: a request this server
    // cannot read (a target such as `///` is no URL) is answered 400, never left to reject.
    try {
      // The path alone decides; the Host header is the caller's and is not needed to parse it.
      const url = new URL(request.url ?? '/', `https://${DEMO_EHR_HOST}`);
      if (url.pathname === '/fhir/Patient') {
        if (request.method === 'GET') {
          const since = url.searchParams.get('_since') ?? '';
          const entry = patients.filter((p) => p.meta.lastUpdated > since).map((resource) => ({ resource }));
          return answer(200, { resourceType: 'Bundle', type: 'searchset', total: entry.length, entry });
        }
        if (request.method === 'POST') {
          const given = JSON.parse((await read(request)) || '{}') as {
            name?: string;
            email?: string;
            birthDate?: string;
          };
          if (!given.name || !given.email) return answer(400, { error: 'name and email are required' });
          const patient: Patient = {
            resourceType: 'Patient',
            id: randomUUID(),
            // Strictly increasing, so `_since` never misses one admitted in the same millisecond.
            meta: {
              lastUpdated: new Date(
                Math.max(Date.now(), Date.parse(patients.at(-1)?.meta.lastUpdated ?? '1970-01-01') + 1),
              ).toISOString(),
            },
            name: [{ text: given.name }],
            telecom: [{ system: 'email', value: given.email }],
            birthDate: given.birthDate ?? '1980-01-01',
            identifier: [
              { system: 'urn:demo-clinic:mrn', value: `MRN-${String(patients.length + 1).padStart(6, '0')}` },
            ],
          };
          patients.push(patient);
          return answer(201, patient);
        }
      }
      if (url.pathname === '/v1/messages') {
        if (request.method === 'GET') return answer(200, { messages });
        if (request.method === 'POST') {
          if (request.headers.authorization !== `Bearer ${DEMO_MAILER_TOKEN}`)
            return answer(401, { error: 'a valid API token is required' });
          const message = {
            id: randomUUID(),
            receivedAt: new Date().toISOString(),
            ...JSON.parse(await read(request)),
          };
          messages.push(message);
          return answer(202, { id: message.id });
        }
      }
      answer(404, { error: 'not found' });
    } catch (error) {
      // A failure after the answer has started cannot be answered again: drop the connection.
      if (response.headersSent) response.destroy();
      else answer(400, { error: (error as Error).message });
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    ehrUrl: `https://${DEMO_EHR_HOST}:${port}`,
    mailerUrl: `https://${DEMO_MAILER_HOST}:${port}`,
    localUrl: `https://127.0.0.1:${port}`,
    port,
    ca: tls.ca,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * The local proxy lane's settings for the demo: its upstreams' names resolve to loopback, their
 * port and loopback are allowed, and their CA is trusted besides the system's. Everything else
 * goes through the same checks as in AWS.
 */
export function demoEgress(upstream: DemoUpstream): NonNullable<DevOptions['egress']> {
  return {
    egress: { allowedPorts: [upstream.port], allowRanges: ['127.0.0.1/32'] },
    resolve: async (host) =>
      host === DEMO_EHR_HOST || host === DEMO_MAILER_HOST ? ['127.0.0.1'] : systemResolver(host),
    ca: [...rootCertificates, upstream.ca],
  };
}
