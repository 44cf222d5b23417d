import { stepFunctions } from '../../../../adapters/aws/clients';
import { stepFunctionsRolloutDriver } from '../../../../adapters/aws/rollout-executions';
import type { RolloutDriver } from '../../../../core/ports';
import type { PlatformConfig } from '../config';

/** The rollout runner's executions, started by the rollouts function (docs/rollouts.md). */
export const awsRolloutDriver = (
  config: Pick<PlatformConfig, 'rolloutStateMachine' | 'clients'>,
): RolloutDriver =>
  stepFunctionsRolloutDriver(config.clients?.stepFunctions ?? stepFunctions, config.rolloutStateMachine);
