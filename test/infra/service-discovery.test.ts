import { describe, expect, it } from 'vitest';
import { composeApp } from '../../lib/app';
import { synthWithNag } from '../support/synth';

// Synthesis must need no Docker: if any asset tried to bundle in a container, it would run this and fail.
process.env.CDK_DOCKER = '/bin/false';

type Resources = Record<string, { Type: string; Properties?: any }>;
type Statement = { Action: string | string[]; Resource: unknown; Condition?: Record<string, any> };

describe('Cloud Map registration of plugin services', () => {
  const { template, violations } = synthWithNag(composeApp, (composed) => composed.platform);
  const resources = (type: string): Resources => template!.findResources(type) as Resources;
  const functions = Object.entries(resources('AWS::Lambda::Function')).filter(([, f]) =>
    String(f.Properties.Description ?? '').startsWith('Vivified:'),
  );
  const functionId = (description: string) =>
    functions.find(([, f]) => String(f.Properties.Description).includes(description))![0];
  const [namespaceId] = Object.keys(resources('AWS::ServiceDiscovery::PrivateDnsNamespace'));
  /** Every statement in the policies attached to a function's role. */
  const statementsOf = (fnId: string): Statement[] => {
    const roleId = resources('AWS::Lambda::Function')[fnId]!.Properties.Role['Fn::GetAtt'][0];
    return Object.values(resources('AWS::IAM::Policy'))
      .filter((p) => p.Properties.Roles.some((r: { Ref?: string }) => r.Ref === roleId))
      .flatMap((p) => p.Properties.PolicyDocument.Statement as Statement[]);
  };
  const actions = (statements: Statement[]) => statements.flatMap((s) => [s.Action].flat());
  const granting = (statements: Statement[], action: string) =>
    statements.filter((s) => [s.Action].flat().includes(action));

  it('still has zero cdk-nag findings', () => {
    expect(violations).toEqual([]);
  });

  it('tells every function that runs installations the namespace’s id and name', () => {
    const running = functions.filter(([, f]) => f.Properties.Environment.Variables.VIVIFIED_CLUSTER);
    expect(running.map(([id]) => id)).toEqual(
      expect.arrayContaining([
        functionId('Installations changed'),
        functionId('health round'),
        functionId('Operator lane'),
      ]),
    );
    for (const [, fn] of running) {
      expect(fn.Properties.Environment.Variables).toMatchObject({
        VIVIFIED_SERVICE_NAMESPACE_ID: { 'Fn::GetAtt': [namespaceId, 'Id'] },
        VIVIFIED_SERVICE_NAMESPACE_NAME: 'plugins.vivified.internal',
      });
    }
  });

  it('lets the lifecycle functions create Cloud Map services only in the plugin namespace, and delete only the installations’', () => {
    for (const fnId of [
      functionId('Installations changed'),
      functionId('lifecycle steps nobody is running'),
    ]) {
      const statements = statementsOf(fnId);
      const [create] = granting(statements, 'servicediscovery:CreateService');
      expect(create!.Resource).toEqual(expect.arrayContaining([{ 'Fn::GetAtt': [namespaceId, 'Arn'] }]));
      expect(create!.Condition).toEqual({
        ArnEquals: { 'servicediscovery:NamespaceArn': { 'Fn::GetAtt': [namespaceId, 'Arn'] } },
      });
      const [remove] = granting(statements, 'servicediscovery:DeleteService');
      expect(remove!.Condition).toEqual({ Null: { 'aws:ResourceTag/vivified:installation': 'false' } });
      expect(granting(statements, 'servicediscovery:GetService')[0]).toBe(remove);
      const [tag] = granting(statements, 'servicediscovery:TagResource');
      expect(tag!.Condition!['ForAllValues:StringEquals']['aws:TagKeys']).toEqual([
        'vivified:tenant',
        'vivified:plugin',
        'vivified:installation',
      ]);
      // It has no resource-level permissions (CDK merges it with the other actions on '*').
      expect(granting(statements, 'servicediscovery:ListServices')[0]!.Resource).toBe('*');
      // ECS registers and deregisters tasks with its own service-linked role.
      const cloudMap = actions(statements).filter((a) => /^(servicediscovery|route53):/.test(a));
      expect(cloudMap.sort()).toEqual([
        'servicediscovery:CreateService',
        'servicediscovery:DeleteService',
        'servicediscovery:GetService',
        'servicediscovery:ListServices',
        'servicediscovery:TagResource',
      ]);
    }
  });

  it('gives the operator lane no ECS or Cloud Map permission: it reaches plugins by their names', () => {
    const statements = statementsOf(functionId('Operator lane'));
    expect(actions(statements).filter((a) => /^(ecs|servicediscovery|route53):/.test(a))).toEqual([]);
  });

  it('reaches Cloud Map’s API from the isolated subnets through an interface endpoint', () => {
    const endpoints = Object.values(resources('AWS::EC2::VPCEndpoint')).map((e) =>
      String(e.Properties.ServiceName['Fn::Join'][1].at(-1)),
    );
    expect(endpoints).toContain('.servicediscovery');
  });
});
