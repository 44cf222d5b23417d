/*
 * What the rollout routes take and answer: the domain's own types (core/rollout), re-exported.
 * The plugin is the route's path parameter, so the start body is the plan without it.
 */

import type { RolloutPlan } from '../../core/rollout/types';

export type {
  MemberStatus,
  Rollout,
  RolloutGates,
  RolloutMember,
  RolloutTargets,
  WavePlan,
} from '../../core/rollout/types';

export type RolloutBody = Omit<RolloutPlan, 'pluginId'>;
