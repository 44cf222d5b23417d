import { describe, expect, it } from 'vitest';
import { asDeployed, type DeployedStack } from '../../support/as-deployed';

const stack: DeployedStack = {
  stackId: 'arn:aws:cloudformation:us-east-1:000000000000:stack/rehearsal-1/3f81f0e5',
  physicalIds: new Map([
    ['Logs', 'rehearsal-1-Logs-3fabd251'],
    ['Queue', 'http://127.0.0.1:4566/queue/us-east-1/000000000000/rehearsal-1-Queue-d154838a'],
    ['Role', 'rehearsal-1-Role-ecaa73ef'],
  ]),
};

const logsStatement = {
  Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
  Effect: 'Allow',
  Resource: {
    'Fn::Join': [
      '',
      [
        'arn:',
        { Ref: 'AWS::Partition' },
        ':logs:',
        { Ref: 'AWS::Region' },
        ':',
        { Ref: 'AWS::AccountId' },
        ':log-group:',
        { Ref: 'Logs' },
        ':*',
      ],
    ],
  },
};

describe('asDeployed', () => {
  it('matches a policy whose computed parts resolve to the stack’s pseudo parameters and physical ids', () => {
    expect({
      Statement: [
        {
          ...logsStatement,
          Resource: 'arn:aws:logs:us-east-1:000000000000:log-group:rehearsal-1-Logs-3fabd251:*',
        },
      ],
      Version: '2012-10-17',
    }).toEqual(asDeployed({ Statement: [logsStatement], Version: '2012-10-17' }, stack));
  });

  it('refuses a deployed value naming another resource, region or action', () => {
    const expected = asDeployed(logsStatement, stack);
    const deployed = {
      ...logsStatement,
      Resource: 'arn:aws:logs:us-east-1:000000000000:log-group:rehearsal-1-Logs-3fabd251:*',
    };
    expect(deployed).toEqual(expected);
    expect({
      ...deployed,
      Resource: deployed.Resource.replace('Logs-3fabd251', 'Logs-00000000'),
    }).not.toEqual(expected);
    expect({ ...deployed, Resource: deployed.Resource.replace('us-east-1', 'eu-west-1') }).not.toEqual(
      expected,
    );
    expect({ ...deployed, Action: ['logs:PutLogEvents'] }).not.toEqual(expected);
  });

  it('takes a GetAtt of Arn for any ARN naming the resource: a queue by the name in its URL', () => {
    const expected = asDeployed({ 'Fn::GetAtt': ['Queue', 'Arn'] }, stack);
    expect('arn:aws:sqs:us-east-1:000000000000:rehearsal-1-Queue-d154838a').toEqual(expected);
    expect('arn:aws:sqs:us-east-1:000000000000:rehearsal-1-Other-d154838a').not.toEqual(expected);
    expect('arn:aws:iam::000000000000:role/rehearsal-1-Role-ecaa73ef').toEqual(
      asDeployed({ 'Fn::GetAtt': 'Role.Arn' }, stack),
    );
  });

  it('takes what it cannot resolve for any non-empty string', () => {
    const expected = asDeployed({ 'Fn::Select': [0, { 'Fn::GetAZs': '' }] }, stack);
    expect('us-east-1a').toEqual(expected);
    expect('').not.toEqual(expected);
  });

  it('leaves plain values as they are', () => {
    expect(asDeployed({ Days: 2557, Mode: 'COMPLIANCE', Rules: [true] }, stack)).toEqual({
      Days: 2557,
      Mode: 'COMPLIANCE',
      Rules: [true],
    });
  });

  it('fails on a reference to a resource the stack does not hold', () => {
    expect(() => asDeployed({ Ref: 'Table' }, stack)).toThrow('Table is not in the deployed stack');
  });
});
