/*
 * What the policy simulation and the audit explanation take and answer: the domain's own types
 * (core/policy/simulation.ts, core/policy/matrix.ts, core/policy/explanation.ts), re-exported.
 */

export type { Decision, Obligations } from '../../core/policy/decision';
export type { Explanation, Replay } from '../../core/policy/explanation';
export type { DecisionInputs } from '../../core/policy/inputs';
export type { MatrixDiff } from '../../core/policy/matrix-diff';
export type {
  CallEntry,
  ConfigEntry,
  EgressEntry,
  PluginMatrix,
  PolicyMatrix,
  PublishEntry,
  ReceiveEntry,
  RoleMatrix,
  SubscriberCopy,
} from '../../core/policy/matrix-types';
export type {
  LaneCheck,
  SimulatedDecision,
  SimulatedPrincipal,
  SimulatedResource,
  SimulatedSubject,
  SimulationAnswer,
  SimulationRequest as SimulateBody,
} from '../../core/policy/simulation';
