import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { PluginManifest as HostManifest } from '../../../core/manifest/types';

/*
 * The plugins plugin.test.ts runs under `vivified dev`, and what the Go probe answers. The probe
 * (sdk/go/test/probe) and the README's notifier are Go processes the platform's runtime starts;
 * the peer is a Node SDK plugin in the test's own process, their counterpart on every lane.
 */

export const PARTNER = 'api.partner.example';
// The README's notifier (sdk/go/examples/notifier) mails through this host.
export const MAILER = 'api.mailer.example';
export const SDK_GO = join(import.meta.dirname, '..');
// The runtime starts this placeholder for the Node peer; the test serves the peer itself on its port.
const PLACEHOLDER = ['node', '-e', 'setInterval(() => {}, 1 << 30)'];

// What the probe exposes (sdk/go/test/probe/main.go), each for the test to drive one lane.
export const PROBE_OPERATIONS = ['describe', 'seen', 'refuse', 'callPeer', 'fetch', 'config', 'renew'];

const runtime = {
  image: 'public.ecr.aws/vivified/sdk-test:1.0.0',
  cpu: 256,
  memory: 512,
  port: 8080,
  health_path: '/health',
};

// Cleared for internal, personal and confidential data, not PHI: it gets users without their date of birth.
export const probeManifest = (command: string[]): HostManifest => ({
  id: 'go-probe',
  name: 'Go probe',
  version: '1.0.0',
  contracts: ['IntegrationPlugin'],
  traits: ['handles_pii', 'audit_required', 'external_service'],
  security: { authentication_required: true, data_classification: ['internal', 'pii', 'confidential'] },
  compliance: { data_retention_days: 30 },
  allowed_domains: [PARTNER],
  runtime: { ...runtime, local_command: command },
  events: { subscribes: ['UserCreated.v1'], publishes: ['PaymentReceived.v1'] },
  operations: {
    calls: ['sdk-peer.echo'],
    exposes: Object.fromEntries(
      PROBE_OPERATIONS.map((name) => [
        name,
        { method: 'POST', path: `/${name}`, data_classification: 'internal' },
      ]),
    ),
  },
  config: {
    type: 'object',
    properties: { region: { type: 'string' }, token: { type: 'string', minLength: 8, 'x-secret': true } },
    additionalProperties: false,
  },
});

export const peerManifest: HostManifest = {
  id: 'sdk-peer',
  name: 'SDK peer',
  version: '1.0.0',
  contracts: ['IntegrationPlugin'],
  // UserCreated.v1 may carry PHI (date of birth, MRN), so its publishers must be cleared for it.
  traits: ['handles_phi', 'handles_pii', 'audit_required'],
  security: {
    authentication_required: true,
    data_classification: ['internal', 'pii', 'phi', 'confidential'],
  },
  compliance: { data_retention_days: 2555 },
  runtime: { ...runtime, local_command: PLACEHOLDER },
  events: { publishes: ['UserCreated.v1'], subscribes: ['PaymentReceived.v1'] },
  operations: {
    calls: [...PROBE_OPERATIONS.map((operation) => `go-probe.${operation}`), 'go-notifier.welcomed'],
    exposes: {
      echo: { method: 'POST', path: '/echo', data_classification: 'internal' },
      secret: { method: 'POST', path: '/secret', data_classification: 'internal' },
    },
  },
};

export const user = (userId: string) => ({
  userId,
  email: `${userId}@clinic.example`,
  name: 'Test Patient',
  dateOfBirth: '1980-02-29',
  roles: [],
  createdAt: '2026-11-24T10:00:00Z',
});

/** A lane's answer as the probe reports it: the value, or the typed error's name and fields. */
export interface Outcome<T = Record<string, unknown>> {
  value?: T;
  error?: string;
  status?: number;
  code?: string;
  rule?: string;
  detail?: string;
}

/** One delivery as the probe saw it. */
export interface SeenEvent {
  id: string;
  type: string;
  tenantId: string;
  data: Record<string, unknown>;
  redacted?: string[];
}

/** What an exposed operation learns: the payload and the caller the platform signed for. */
export interface Described {
  payload: unknown;
  caller: { pluginId: string; tenantId: string; operation: string; traceId: string };
}

/** Builds a Go program of this module, as the README says to, into `output` (relative to sdk/go or absolute). */
export const goBuild = (output: string, pkg: string) =>
  promisify(execFile)('go', ['build', '-o', output, pkg], { cwd: SDK_GO });
