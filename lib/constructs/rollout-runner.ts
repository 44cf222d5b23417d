import { ArnFormat, type CfnElement, Duration, Stack, Validations } from 'aws-cdk-lib';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { LogGroup } from 'aws-cdk-lib/aws-logs';
import {
  Choice,
  Condition,
  DefinitionBody,
  JsonPath,
  LogLevel,
  StateMachine,
  StateMachineType,
  Succeed,
  TaskInput,
  Wait,
  WaitTime,
} from 'aws-cdk-lib/aws-stepfunctions';
import { LambdaInvoke, StepFunctionsStartExecution } from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { Construct } from 'constructs';
import { secureLogGroupProps } from '../defaults/logs';

export interface RolloutRunnerProps {
  /** The function that takes one step of a rollout (functions/rollout-step/handler.ts). */
  readonly step: IFunction;
  /** Encrypts the state machine's log group. */
  readonly encryptionKey: IKey;
}

/**
 * The deployed rollout runner (docs/rollouts.md): one Standard execution per run of a rollout,
 * started by the rollouts function when a rollout is started, resumed or rolled back. Each step
 * invokes the step function, which ticks the rollout from the registry and answers when to step
 * again; the execution waits that long and steps, ends when the rollout stops stepping, and after
 * STEPS_PER_RUN steps starts a fresh execution of itself, as one execution's history holds at most
 * 25,000 events. The state lives in the registry, not here: a run that is lost (deleted, failed
 * after its retries) loses no rollout state, and a pause and resume starts a new run.
 *
 * Executions carry a plugin id and a step count, nothing of any tenant, so their data is left
 * under the service's own encryption; the logs go to a log group under the platform key, without
 * execution data.
 */
export class RolloutRunner extends Construct {
  readonly stateMachine: StateMachine;

  constructor(scope: Construct, id: string, props: RolloutRunnerProps) {
    super(scope, id);
    const stack = Stack.of(this);
    // Named, so that the hand-over can name the state machine it belongs to without a reference
    // cycle in the template (a state machine's definition cannot use its own ARN attribute).
    const stateMachineName = `${stack.stackName}-rollouts`;
    const itself = StateMachine.fromStateMachineArn(
      this,
      'Itself',
      stack.formatArn({
        service: 'states',
        resource: 'stateMachine',
        resourceName: stateMachineName,
        arnFormat: ArnFormat.COLON_RESOURCE_NAME,
      }),
    );

    const step = new LambdaInvoke(this, 'Step', {
      lambdaFunction: props.step,
      payloadResponseOnly: true,
      comment: 'Tick the rollout; answers { pluginId, steps, done, waitSeconds, handOver }',
    });
    // A failed step is retried for about ten minutes (10 s doubling, 6 times); then the run fails,
    // an alarm says so, and a pause and resume starts a new one (docs/rollouts.md).
    step.addRetry({
      errors: ['States.ALL'],
      interval: Duration.seconds(10),
      backoffRate: 2,
      maxAttempts: 6,
    });
    const handOver = new StepFunctionsStartExecution(this, 'HandOver', {
      stateMachine: itself,
      input: TaskInput.fromObject({ pluginId: JsonPath.stringAt('$.pluginId'), steps: 0 }),
      comment: 'Carry on in a fresh execution: the state is in the registry',
    });
    const wait = new Wait(this, 'Wait', { time: WaitTime.secondsPath('$.waitSeconds') });
    const definition = step.next(
      new Choice(this, 'StepAgain')
        .when(Condition.booleanEquals('$.done', true), new Succeed(this, 'Stopped'))
        .when(Condition.booleanEquals('$.handOver', true), handOver.next(new Succeed(this, 'HandedOver')))
        .otherwise(wait.next(step)),
    );

    this.stateMachine = new StateMachine(this, 'StateMachine', {
      stateMachineName,
      stateMachineType: StateMachineType.STANDARD,
      definitionBody: DefinitionBody.fromChainable(definition),
      tracingEnabled: true,
      logs: {
        destination: new LogGroup(this, 'Logs', secureLogGroupProps(props.encryptionKey)),
        level: LogLevel.ALL,
        includeExecutionData: false,
      },
    });
    Validations.of(this).acknowledge({
      id: `AwsSolutions-IAM5[Resource::<${stack.getLogicalId(props.step.node.defaultChild as CfnElement)}.Arn>:*]`,
      reason: 'The runner may invoke any version of the rollout step function, which it alone invokes.',
    });
  }
}
