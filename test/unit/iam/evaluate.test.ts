import { describe, expect, it } from 'vitest';
import type { DeployedModel } from '../../support/iam/deployed';
import { evaluateCalls, PLACEMENT } from '../../support/iam/evaluate';
import type { RecordedCall } from '../../support/iam/recorder';

// A stack of a few resources, in the template's own shape: one function's role with a policy, a
// tenant data role it may assume, a boundary, a table. Small enough to say what each case checks.
const table = { 'Fn::GetAtt': ['Table', 'Arn'] };
const allow = (Action: string[], Resource: unknown, Condition?: unknown) => ({
  Effect: 'Allow',
  Action,
  Resource,
  ...(Condition ? { Condition } : {}),
});
const policy = (role: string, ...Statement: unknown[]) => ({
  Type: 'AWS::IAM::Policy',
  Properties: { Roles: [{ Ref: role }], PolicyDocument: { Version: '2012-10-17', Statement } },
});
const lambdaTrust = {
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }],
};

function model(change: (resources: Record<string, any>) => void = () => undefined): DeployedModel {
  const resources: Record<string, any> = {
    Table: { Type: 'AWS::DynamoDB::Table', Properties: {} },
    Fn: { Type: 'AWS::Lambda::Function', Properties: { Role: { 'Fn::GetAtt': ['FnRole', 'Arn'] } } },
    FnRole: { Type: 'AWS::IAM::Role', Properties: { AssumeRolePolicyDocument: lambdaTrust } },
    FnPolicy: policy(
      'FnRole',
      allow(['dynamodb:GetItem'], table),
      allow(['sts:AssumeRole', 'sts:TagSession'], { 'Fn::GetAtt': ['TenantData', 'Arn'] }),
    ),
    TenantData: {
      Type: 'AWS::IAM::Role',
      Properties: {
        AssumeRolePolicyDocument: {
          Version: '2012-10-17',
          Statement: [
            {
              Effect: 'Allow',
              Principal: { AWS: { 'Fn::GetAtt': ['FnRole', 'Arn'] } },
              Action: ['sts:AssumeRole', 'sts:TagSession'],
            },
          ],
        },
      },
    },
    TenantDataPolicy: policy(
      'TenantData',
      allow(['dynamodb:GetItem'], table, {
        'ForAllValues:StringEquals': { 'dynamodb:LeadingKeys': [`TENANT#\${aws:PrincipalTag/TenantId}`] },
      }),
    ),
  };
  change(resources);
  return {
    resources,
    functions: { installations: { lambda: 'Fn', role: 'FnRole' } } as DeployedModel['functions'],
    parts: { registryTable: 'Table', tenantDataRole: 'TenantData' } as DeployedModel['parts'],
    tenantKeys: {},
  };
}

const getItem = (pk: string, extra: Partial<RecordedCall> = {}): RecordedCall => ({
  fn: 'installations',
  service: 'DynamoDB',
  command: 'GetItem',
  input: { TableName: 'registry-w1', Key: { pk: { S: pk }, sk: { S: 'META' } } },
  test: 'a test',
  ...extra,
});
const names = new Map([
  ['registry-w1', 'registryTable' as const],
  ['tenant-data-w1', 'tenantDataRole' as const],
]);
const tableArn = `arn:aws:dynamodb:us-east-1:${PLACEMENT.account}:table/Table`;

describe('the IAM harness evaluator', () => {
  it("allows a call the function's role grants, on the test's table read as the template's", async () => {
    expect(await evaluateCalls([getItem('TENANT#a')], model(), names)).toEqual([]);
  });

  it('names function, action, resource, reason and test of a call no statement allows', async () => {
    const put = {
      ...getItem('TENANT#a'),
      command: 'PutItem',
      input: { TableName: 'registry-w1', Item: { pk: { S: 'TENANT#a' } } },
    };

    const [finding, ...more] = await evaluateCalls([put], model(), names);

    expect(more).toEqual([]);
    expect(finding).toMatchObject({ action: 'dynamodb:PutItem', resource: tableArn });
    expect(finding!.reason).toMatch(/ImplicitlyDenied.*identity policy/);
    expect(finding!.call).toMatchObject({ fn: 'installations', test: 'a test' });
  });

  it('reports an explicit deny as such', async () => {
    const denied = model((r) => {
      r.Deny = policy('FnRole', { Effect: 'Deny', Action: ['dynamodb:*'], Resource: '*' });
    });

    const [finding] = await evaluateCalls([getItem('TENANT#a')], denied, names);

    expect(finding!.reason).toMatch(/ExplicitlyDenied.*explicit deny in the identity policy/);
  });

  it('holds a role to its permissions boundary', async () => {
    const bounded = model((r) => {
      r.Boundary = {
        Type: 'AWS::IAM::ManagedPolicy',
        Properties: { PolicyDocument: { Version: '2012-10-17', Statement: [allow(['sqs:*'], '*')] } },
      };
      r.FnRole.Properties.PermissionsBoundary = { Ref: 'Boundary' };
    });

    const [finding] = await evaluateCalls([getItem('TENANT#a')], bounded, names);

    expect(finding!.reason).toMatch(/permissions boundary/);
  });

  it('evaluates a tenant session against the tenant data role, its tag as aws:PrincipalTag', async () => {
    const session = {
      roleArn: 'arn:aws:iam::000000000000:role/tenant-data-w1',
      sessionName: 'tenant-a',
      tags: { TenantId: 'a' },
    };

    const findings = await evaluateCalls(
      [getItem('TENANT#a', { session }), getItem('TENANT#b', { session })],
      model(),
      names,
    );

    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ action: 'dynamodb:GetItem', resource: tableArn });
    expect(findings[0]!.call.input).toMatchObject({ Key: { pk: { S: 'TENANT#b' } } });
    expect(findings[0]!.principal).toMatch(/assumed-role\/TenantData\/tenant-a$/);
  });

  it("checks AssumeRole with a session tag against the caller's policy and the role's trust policy", async () => {
    const assume: RecordedCall = {
      fn: 'installations',
      service: 'STS',
      command: 'AssumeRole',
      input: {
        RoleArn: 'arn:aws:iam::000000000000:role/tenant-data-w1',
        RoleSessionName: 'tenant-a',
        Tags: [{ Key: 'TenantId', Value: 'a' }],
      },
      test: 'a test',
    };
    const untrusted = model((r) => {
      r.TenantData.Properties.AssumeRolePolicyDocument.Statement[0].Action = ['sts:AssumeRole'];
    });

    expect(await evaluateCalls([assume], model(), names)).toEqual([]);
    const [finding] = await evaluateCalls([assume], untrusted, names);
    expect(finding).toMatchObject({ action: 'sts:TagSession' });
    expect(finding!.reason).toMatch(/resource policy/);
  });

  it('finds no route for a function in a VPC without an endpoint for the service', async () => {
    const inVpc = model((r) => {
      r.Fn.Properties.VpcConfig = { SubnetIds: [] };
    });

    const [finding] = await evaluateCalls([getItem('TENANT#a')], inVpc, names);

    expect(finding!.reason).toMatch(/no route from the function's subnets to DynamoDB/);
  });

  it('refuses a call it has no mapping for, so no call goes unchecked', async () => {
    const odd = { ...getItem('TENANT#a'), service: 'Glacier', command: 'UploadArchive' };

    const [finding] = await evaluateCalls([odd], model(), names);

    expect(finding!.reason).toMatch(/cannot map this call/);
  });
});

describe('encryption context conditions', () => {
  const sealing = (tenant: string): RecordedCall => ({
    fn: 'installations',
    service: 'KMS',
    command: 'GenerateDataKey',
    input: { KeyId: 'arn:aws:kms:us-east-1:000000000000:key/key-1', EncryptionContext: { tenantId: tenant } },
    test: 'a test',
  });
  const keyed = model((r) => {
    r.Key = {
      Type: 'AWS::KMS::Key',
      Properties: {
        KeyPolicy: {
          Version: '2012-10-17',
          Statement: [
            {
              Effect: 'Allow',
              Principal: { AWS: { 'Fn::Join': ['', ['arn:aws:iam::', { Ref: 'AWS::AccountId' }, ':root']] } },
              Action: 'kms:*',
              Resource: '*',
            },
          ],
        },
      },
    };
    r.Seal = policy(
      'FnRole',
      allow(
        ['kms:GenerateDataKey'],
        { 'Fn::GetAtt': ['Key', 'Arn'] },
        {
          StringEquals: { 'kms:EncryptionContext:tenantId': 'a' },
        },
      ),
    );
  });
  const withKey = new Map([...names, ['key-1', 'tenantKey:a' as const]]);

  it("are decided on the request's encryption context, which the evaluator alone would drop", async () => {
    const keyedModel = { ...keyed, tenantKeys: { a: 'Key' } };

    expect(await evaluateCalls([sealing('a')], keyedModel, withKey)).toEqual([]);
    const [other] = await evaluateCalls([sealing('b')], keyedModel, withKey);
    expect(other).toMatchObject({ action: 'kms:GenerateDataKey' });
    expect(other!.reason).toMatch(/ImplicitlyDenied/);
  });
});

describe('actions without resource-level permissions', () => {
  it('are authorized on * whatever the call names, as IAM does', async () => {
    const listing: RecordedCall = {
      fn: 'installations',
      service: 'EventBridge',
      command: 'ListRules',
      input: { EventBusName: 'bus' },
      test: 'a test',
    };
    const onRules = model((r) => {
      r.List = policy('FnRole', allow(['events:ListRules'], 'arn:aws:events:us-east-1:111122223333:rule/*'));
    });
    const onAll = model((r) => {
      r.List = policy('FnRole', allow(['events:ListRules'], '*'));
    });

    const [finding] = await evaluateCalls([listing], onRules, names);
    expect(finding).toMatchObject({ action: 'events:ListRules', resource: '*' });
    expect(await evaluateCalls([listing], onAll, names)).toEqual([]);
  });
});
