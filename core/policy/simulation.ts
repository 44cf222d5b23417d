import type { Decision } from './decision';
import type { PolicyMatrix } from './matrix-types';
import type { Role } from './principal';

/*
 * The policy simulation's question and answer, as the domain (and the wire contract, which
 * re-exports them) states them: who, and either one action on one resource or everything.
 */

/**
 * Who is simulated: exactly one of an installation of the tenant (by plugin id), a plugin version
 * of the catalog only proposed for the tenant, or a tenant user holding one role.
 */
export interface SimulatedPrincipal {
  /** The plugin id of one of the tenant's installations. */
  readonly installation?: string;
  /** A proposed plugin: its id, with `version`. */
  readonly pluginId?: string;
  readonly version?: string;
  readonly role?: Role;
}

/** What one simulated action is about, in the words its lane or route takes it. */
export interface SimulatedResource {
  /** canonical.publish, canonical.subscribe */
  readonly eventType?: string;
  /** operator.call */
  readonly targetPluginId?: string;
  readonly operation?: string;
  /** proxy.egress: the URL as the plugin would send it */
  readonly url?: string;
  /** proxy.egress: the secret settings the request would refer to (`{{secret:name}}`) */
  readonly secrets?: string[];
  /** administrative actions on one installation */
  readonly pluginId?: string;
}

export interface SimulationRequest {
  readonly principal: SimulatedPrincipal;
  readonly action?: string;
  readonly resource?: SimulatedResource;
  /** The full matrix instead of one action. */
  readonly all?: boolean;
}

/** A check a lane runs outside `decide` (the egress guard's URL rules, secret host binding, the caller running). */
export interface LaneCheck {
  readonly rule: string;
  readonly allowed: boolean;
  readonly reason?: string;
}

/** One simulated action: what the lane or route would do, and `decide`'s decision as it made it. */
export interface SimulatedDecision {
  readonly action: string;
  /** The outcome the caller would meet: allowed only when `decide` and every lane check allow. */
  readonly effect: 'allow' | 'deny';
  /** `decide`'s decision; absent when a check before it refused, so the lane never asked. */
  readonly decision?: Decision;
  /** The lane's own checks, in the order it runs them. */
  readonly checks: readonly LaneCheck[];
}

/** Who was simulated, as the platform resolved it. */
export interface SimulatedSubject {
  readonly kind: 'installation' | 'proposed' | 'role';
  readonly pluginId?: string;
  readonly version?: string;
  readonly role?: Role;
  /** An installation's lifecycle state; a proposed plugin is simulated as if enabled. */
  readonly state?: string;
}

export type SimulationAnswer = { readonly subject: SimulatedSubject } & (
  | { readonly decision: SimulatedDecision }
  | { readonly matrix: PolicyMatrix }
);
