import { ExecutionAlreadyExists, type SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import type { RolloutDriver } from '../../core/ports';
import type { Rollout, RunnerPosition } from '../../core/rollout';

/**
 * One execution name per rollout and revision: a start retried after a timeout finds the one it
 * started (Step Functions answers a running execution's name and input with that execution), and
 * a resume, written at a later revision, starts a run of its own. Names allow 80 characters of
 * letters, digits, `-` and `_`; plugin ids are at most 63 of the first three.
 */
export const executionName = (rollout: Rollout): string =>
  `${rollout.plan.pluginId}-${Date.parse(rollout.startedAt)}-${rollout.rev}`.slice(0, 80);

/** Starts the rollout runner state machine for a rollout (lib/constructs/rollout-runner.ts). */
export function stepFunctionsRolloutDriver(client: SFNClient, stateMachineArn: string): RolloutDriver {
  return {
    async drive(rollout) {
      const input: RunnerPosition = { pluginId: rollout.plan.pluginId, steps: 0 };
      try {
        await client.send(
          new StartExecutionCommand({
            stateMachineArn,
            name: executionName(rollout),
            input: JSON.stringify(input),
          }),
        );
      } catch (error) {
        // The same name with the same input is answered as started; this is only an earlier run
        // of the same revision that has already finished, and there is nothing left to drive.
        if (!(error instanceof ExecutionAlreadyExists)) throw error;
      }
    },
  };
}
