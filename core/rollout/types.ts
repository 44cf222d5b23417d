import type { InstallationState } from '../lifecycle';

/** The commands an operator may give a rollout; data only, so the route table can name them. */
export const ROLLOUT_COMMANDS = ['pause', 'resume', 'halt', 'rollback'] as const;
export type RolloutCommand = (typeof ROLLOUT_COMMANDS)[number];

/** Which tenants a rollout reaches: named ones, or a stable share of those with the plugin installed. */
export type RolloutTargets =
  | { readonly kind: 'tenants'; readonly tenantIds: readonly string[] }
  | { readonly kind: 'percentage'; readonly percent: number };

/** One wave: how many installations it upgrades, and how long they soak before the next wave. */
export interface WavePlan {
  readonly size: number;
  readonly soakSeconds: number;
}

/** When the new version is judged unfit, over the installations upgraded so far. */
export interface RolloutGates {
  /** More Unhealthy (or Failed) installations on the new version than this halts the rollout. */
  readonly maxUnhealthy: number;
  /** More events in their dead-letter queues, summed, than this halts the rollout. */
  readonly maxDeadLetters: number;
  /** The new version's lane error rate may exceed the old version's by at most this (0–1). */
  readonly errorRateMargin: number;
}

export interface RolloutPlan {
  readonly pluginId: string;
  readonly version: string;
  readonly targets: RolloutTargets;
  /** The last wave takes every installation the earlier ones left. */
  readonly waves: readonly WavePlan[];
  readonly gates: RolloutGates;
}

/**
 * Where one tenant's installation stands: `waiting_for_consent` when the new version asks for
 * permissions the tenant has not consented to (it stays on its version until it consents itself).
 */
export type MemberStatus =
  | 'pending'
  | 'upgrading'
  | 'upgraded'
  | 'waiting_for_consent'
  | 'rolling_back'
  | 'rolled_back'
  /** Uninstalled by its tenant during the rollout: nothing left to upgrade or roll back. */
  | 'uninstalled'
  /** Its upgrade failed MAX_UPGRADE_ATTEMPTS times in a row; the rollout halted on it. */
  | 'failed';

export interface RolloutMember {
  readonly tenantId: string;
  /** The version it ran when the rollout started, which a rollback returns it to. */
  readonly fromVersion: string;
  readonly wave: number;
  readonly status: MemberStatus;
  /** Upgrades of it that failed in a row, while the rollout tries again (failures.ts). */
  readonly failures?: number;
  /** Why its last upgrade failed, as the upgrade path said it (a client-safe message). */
  readonly lastError?: string;
}

export type RolloutPhase =
  | 'pending'
  | 'upgrading'
  | 'soaking'
  | 'paused'
  | 'completed'
  | 'halted'
  | 'rolling_back'
  | 'rolled_back';

/** Phases after which a rollout takes no further step, and another rollout of the plugin may start. */
export const FINISHED_PHASES: readonly RolloutPhase[] = ['completed', 'rolled_back'];

export interface Rollout {
  readonly plan: RolloutPlan;
  readonly members: readonly RolloutMember[];
  readonly phase: RolloutPhase;
  /** The wave being upgraded or soaked (0-based). */
  readonly wave: number;
  /** When the current wave's soak ends (ISO 8601), once all its upgrades are done. */
  readonly soakUntil?: string;
  /** The phase a paused rollout resumes to. */
  readonly resumeTo?: 'pending' | 'upgrading' | 'soaking';
  /** Why it halted: a failed gate or an operator. */
  readonly haltReason?: string;
  readonly startedBy: string;
  readonly startedAt: string;
  readonly updatedAt: string;
  /** Incremented on each write; every write is conditional on the revision read. */
  readonly rev: number;
}

/** What a tick saw of one member's installation. Absent when it is no longer installed. */
export interface MemberObservation {
  readonly version: string;
  readonly state: InstallationState;
  /** The target version asks for permissions beyond the installed one's consent. */
  readonly needsConsent: boolean;
  readonly deadLetters: number;
  /** Lane calls and failed calls over the soak window. */
  readonly calls: number;
  readonly errors: number;
}

export type Observations = Readonly<Record<string, MemberObservation | undefined>>;

/** What the application does for a step: each through the ordinary upgrade path. */
export type RolloutAction =
  | { readonly kind: 'upgrade'; readonly tenantId: string; readonly version: string }
  | { readonly kind: 'await_consent'; readonly tenantId: string; readonly version: string }
  | { readonly kind: 'roll_back'; readonly tenantId: string; readonly version: string };

export interface Step {
  readonly rollout: Rollout;
  readonly actions: readonly RolloutAction[];
  /** What changed, for the audit trail; empty when nothing did. */
  readonly reasons: readonly string[];
}
