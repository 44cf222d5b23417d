import { describe, expect, it } from 'vitest';
import { synthesizePlatform } from '../support/iam/deployed';

/** A definition string of the template, each token read as what it names (`Id.Arn`, `AWS::Region`). */
function definitionOf(definition: unknown): any {
  const join = (definition as { 'Fn::Join': [string, unknown[]] })['Fn::Join'][1];
  const named = (part: any) => part.Ref ?? (part['Fn::GetAtt'] as string[]).join('.');
  return JSON.parse(join.map((part) => (typeof part === 'string' ? part : named(part))).join(''));
}

describe('the rollout runner', () => {
  const { stack, template } = synthesizePlatform();
  const resources = Object.entries(template.Resources as Record<string, any>);
  const [[machineId, machine]] = resources.filter(
    ([, r]) => r.Type === 'AWS::StepFunctions::StateMachine',
  ) as [[string, any]];
  const states = definitionOf(machine.Properties.DefinitionString).States;
  const logicalId = (construct: { node: { defaultChild?: unknown } }) =>
    stack.getLogicalId(construct.node.defaultChild as never);

  it('is one Standard state machine, traced, logging without execution data to a key-encrypted group', () => {
    expect(machine.Properties.StateMachineType).toBe('STANDARD');
    expect(machine.Properties.StateMachineName).toBe(`${stack.stackName}-rollouts`);
    expect(machine.Properties.TracingConfiguration).toEqual({ Enabled: true });
    expect(machine.Properties.LoggingConfiguration).toMatchObject({
      Level: 'ALL',
      IncludeExecutionData: false,
    });
    const [, group] = resources.find(([id]) =>
      JSON.stringify(machine.Properties.LoggingConfiguration).includes(`"${id}"`),
    )!;
    expect(group.Type).toBe('AWS::Logs::LogGroup');
    expect(group.Properties.KmsKeyId).toBeDefined();
  });

  it('steps, waits what the step answers and steps again, stops when told, and hands over to itself', () => {
    const step = states.Step;
    expect(step).toMatchObject({ Type: 'Task', Next: 'StepAgain' });
    expect(step.Resource).toBe(`${logicalId(stack.functions.rolloutStep)}.Arn`);
    expect(step.Retry).toContainEqual(
      expect.objectContaining({ ErrorEquals: ['States.ALL'], MaxAttempts: 6, BackoffRate: 2 }),
    );
    expect(states.StepAgain).toMatchObject({
      Type: 'Choice',
      Choices: [
        { Variable: '$.done', BooleanEquals: true, Next: 'Stopped' },
        { Variable: '$.handOver', BooleanEquals: true, Next: 'HandOver' },
      ],
      Default: 'Wait',
    });
    expect(states.Wait).toEqual({ Type: 'Wait', SecondsPath: '$.waitSeconds', Next: 'Step' });
    expect(states.HandOver).toMatchObject({
      Type: 'Task',
      Next: 'HandedOver',
      Parameters: { Input: { 'pluginId.$': '$.pluginId', steps: 0 } },
    });
    expect(states.HandOver.Resource).toContain('states:startExecution');
    expect(states.HandOver.Parameters.StateMachineArn).toContain(`:stateMachine:${stack.stackName}-rollouts`);
  });

  it('may be started by the rollouts function, and by no other platform function', () => {
    const starters = resources
      .filter(([, r]) => r.Type === 'AWS::IAM::Policy')
      .filter(([, r]) =>
        r.Properties.PolicyDocument.Statement.some(
          (s: any) =>
            [s.Action].flat().includes('states:StartExecution') &&
            JSON.stringify(s.Resource).includes(machineId),
        ),
      )
      .flatMap(([, r]) => r.Properties.Roles.map((role: any) => role.Ref));
    expect(starters).toEqual([logicalId(stack.functions.areas.rollouts.role as never)]);
    // The hand-over starts it by name, from its own role.
    const own = machine.Properties.RoleArn['Fn::GetAtt'][0];
    const ownPolicy = resources.find(
      ([, r]) => r.Type === 'AWS::IAM::Policy' && r.Properties.Roles.some((role: any) => role.Ref === own),
    )!;
    expect(JSON.stringify(ownPolicy[1].Properties.PolicyDocument)).toContain('states:StartExecution');
    expect(JSON.stringify(ownPolicy[1].Properties.PolicyDocument)).toContain(`${stack.stackName}-rollouts`);
  });
});
