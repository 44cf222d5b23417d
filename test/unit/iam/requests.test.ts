import { describe, expect, it } from 'vitest';
import type { DeployedModel } from '../../support/iam/deployed';
import type { RecordedCall } from '../../support/iam/recorder';
import { iamRequestsOf } from '../../support/iam/requests';
import { type Placement, resolveValue } from '../../support/iam/resolve';

const where = { account: '111122223333', region: 'us-east-1' };
const call = (service: string, command: string, input: Record<string, unknown>): RecordedCall => ({
  fn: 'installations',
  service,
  command,
  input,
  test: 't',
});

describe('what AWS authorizes for a call', () => {
  it('authorizes a transaction item by item, each with its partition key as dynamodb:LeadingKeys', () => {
    const requests = iamRequestsOf(
      call('DynamoDB', 'TransactWriteItems', {
        TransactItems: [
          { Put: { TableName: 't', Item: { pk: { S: 'AUDIT#a' } } } },
          { ConditionCheck: { TableName: 't', Key: { pk: { S: 'TENANT#a' } } } },
        ],
      }),
      where,
    );

    expect(requests).toEqual([
      {
        action: 'dynamodb:PutItem',
        resource: 'arn:aws:dynamodb:us-east-1:111122223333:table/t',
        context: { 'dynamodb:LeadingKeys': ['AUDIT#a'] },
      },
      {
        action: 'dynamodb:ConditionCheckItem',
        resource: 'arn:aws:dynamodb:us-east-1:111122223333:table/t',
        context: { 'dynamodb:LeadingKeys': ['TENANT#a'] },
      },
    ]);
  });

  it("reads a query's partition key from its key condition, through attribute names, on an index", () => {
    const [query] = iamRequestsOf(
      call('DynamoDB', 'Query', {
        TableName: 't',
        IndexName: 'gsi1',
        KeyConditionExpression: '#p = :p AND begins_with(#s, :s)',
        ExpressionAttributeNames: { '#p': 'gsi1pk', '#s': 'gsi1sk' },
        ExpressionAttributeValues: { ':p': { S: 'TENANT#a' }, ':s': { S: 'INST#' } },
      }),
      where,
    )!;

    expect(query).toEqual({
      action: 'dynamodb:Query',
      resource: 'arn:aws:dynamodb:us-east-1:111122223333:table/t/index/gsi1',
      context: { 'dynamodb:LeadingKeys': ['TENANT#a'] },
    });
  });

  it("names a queue by its URL, AWS's or LocalStack's, in the placement's account", () => {
    for (const url of [
      'https://sqs.us-east-1.amazonaws.com/000000000000/vivified-x',
      'http://127.0.0.1:4566/queue/us-east-1/000000000000/vivified-x',
    ]) {
      expect(iamRequestsOf(call('SQS', 'DeleteQueue', { QueueUrl: url }), where)).toEqual([
        { action: 'sqs:DeleteQueue', resource: 'arn:aws:sqs:us-east-1:111122223333:vivified-x', context: {} },
      ]);
    }
  });

  it('counts the roles a task definition names as passed to ECS tasks, and its tags as tagging', () => {
    const requests = iamRequestsOf(
      call('ECS', 'RegisterTaskDefinition', {
        family: 'vivified-x',
        executionRoleArn: 'arn:aws:iam::000000000000:role/exec',
        tags: [{ key: 'vivified:installation', value: 'x' }],
      }),
      where,
    )!;

    expect(requests.map((r) => r.action)).toEqual([
      'ecs:RegisterTaskDefinition',
      'ecs:TagResource',
      'iam:PassRole',
    ]);
    expect(requests[1]!.context).toMatchObject({ 'ecs:CreateAction': 'RegisterTaskDefinition' });
    expect(requests[2]).toMatchObject({
      resource: 'arn:aws:iam::111122223333:role/exec',
      context: { 'iam:PassedToService': 'ecs-tasks.amazonaws.com' },
    });
  });

  it('maps the encryption context of a KMS call to kms:EncryptionContext keys', () => {
    const [generate] = iamRequestsOf(
      call('KMS', 'GenerateDataKey', {
        KeyId: 'arn:aws:kms:us-east-1:000000000000:key/k',
        EncryptionContext: { tenantId: 'a' },
      }),
      where,
    )!;

    expect(generate!.context).toEqual({
      'kms:EncryptionContext:tenantId': 'a',
      'kms:EncryptionContextKeys': ['tenantId'],
    });
    expect(generate!.resource).toBe('arn:aws:kms:us-east-1:111122223333:key/k');
  });
});

describe('resolving the template', () => {
  const model = {
    resources: {
      Key: { Type: 'AWS::KMS::Key' },
      Role: { Type: 'AWS::IAM::Role', Properties: { Path: '/vivified/' } },
    },
  } as unknown as DeployedModel;
  const placement: Placement = { ...where, names: new Map([['Key', 'k-1']]) };

  it('builds ARNs as AWS would, from the physical names the placement gives', () => {
    expect(resolveValue({ 'Fn::GetAtt': ['Key', 'Arn'] }, model, placement)).toBe(
      'arn:aws:kms:us-east-1:111122223333:key/k-1',
    );
    expect(resolveValue({ 'Fn::GetAtt': ['Role', 'Arn'] }, model, placement)).toBe(
      'arn:aws:iam::111122223333:role/vivified/Role',
    );
    expect(
      resolveValue(
        { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':sqs:', { Ref: 'AWS::Region' }, ':x']] },
        model,
        placement,
      ),
    ).toBe('arn:aws:sqs:us-east-1:x');
  });

  it('leaves IAM policy variables for the evaluator', () => {
    expect(
      resolveValue(
        { 'Fn::Sub': `TENANT#\${aws:PrincipalTag/TenantId}-\${AWS::AccountId}` },
        model,
        placement,
      ),
    ).toBe(`TENANT#\${aws:PrincipalTag/TenantId}-111122223333`);
  });
});

describe('tags of resources seen created', () => {
  it("give a Cloud Map service's later calls their aws:ResourceTag values", () => {
    const created = {
      ...call('ServiceDiscovery', 'CreateService', {
        Name: 'vivified-x',
        NamespaceId: 'ns-1',
        Tags: [{ Key: 'vivified:installation', Value: 'x' }],
      }),
      output: { Service: { Id: 'srv-1' } },
    };
    iamRequestsOf(created, where);

    const [deleted] = iamRequestsOf(call('ServiceDiscovery', 'DeleteService', { Id: 'srv-1' }), where)!;

    expect(deleted).toEqual({
      action: 'servicediscovery:DeleteService',
      resource: 'arn:aws:servicediscovery:us-east-1:111122223333:service/srv-1',
      context: { 'aws:ResourceTag/vivified:installation': 'x' },
    });
  });
});
