import { polledRolloutDriver } from '../../../../adapters/memory/polled-rollouts';
import { userAuthentication } from '../identity';
import { platformSettings } from '../settings';
import { awsAuditArchive } from './audit-archive';
import { awsPlatformEvents } from './canonical-bus';
import { awsCatalog } from './catalog';
import { awsCredentials } from './credentials';
import { awsEnvelope } from './envelope';
import { awsPanelSessions } from './panel-sessions';
import { awsAudit, awsInstallations, awsRollouts, awsSubscribers, awsTenants } from './registry';
import { awsRuntime } from './runtime';
import { awsExternalTargets, awsSubscriptions } from './subscriptions';

/**
 * Every control-plane port on AWS (and the audit archive): what `vivified dev` and the test
 * platform compose, each with what it changes (the process runtime; a test's recorded events).
 * Not for handlers: importing this imports every adapter, and a handler's bundle may carry only
 * the ones it uses (lib/bundling.ts); a handler names its factories one by one.
 */
export const awsControlPlane = {
  tenants: awsTenants,
  catalog: awsCatalog,
  installations: awsInstallations,
  rollouts: awsRollouts,
  // `vivified dev` and the test platform step rollouts with the polling runner, not Step Functions.
  rolloutDriver: polledRolloutDriver,
  subscribers: awsSubscribers,
  audit: awsAudit,
  auditArchive: awsAuditArchive,
  envelope: awsEnvelope,
  runtime: awsRuntime,
  subscriptions: awsSubscriptions,
  events: awsPlatformEvents,
  externalTargets: awsExternalTargets,
  credentials: awsCredentials,
  authenticate: userAuthentication,
  panelSessions: awsPanelSessions,
  settings: platformSettings,
} as const;
