import { describe, expect, it } from 'vitest';
import {
  type CfnTemplate,
  deployableTemplate,
  referencesIn,
  withUniqueNames,
} from '../../support/localstack-template';

const arnOf = (id: string) => ({ 'Fn::GetAtt': [id, 'Arn'] });

/** A template shaped like the platform's: a table, a role, a policy naming both, a key, outputs. */
const platformLike = (): CfnTemplate => ({
  Description: 'platform',
  Parameters: {
    BootstrapVersion: {
      Type: 'AWS::SSM::Parameter::Value<String>',
      Default: '/cdk-bootstrap/hnb659fds/version',
    },
    Stage: { Type: 'String', Default: 'v1' },
  },
  Conditions: { IsProd: { 'Fn::Equals': [{ Ref: 'Stage' }, 'prod'] } },
  Rules: {
    CheckBootstrapVersion: { Assertions: [{ Assert: { 'Fn::Not': [{ Ref: 'BootstrapVersion' }] } }] },
  },
  Resources: {
    Key: { Type: 'AWS::KMS::Key', Properties: { EnableKeyRotation: true } },
    Table: {
      Type: 'AWS::DynamoDB::Table',
      Properties: { SSESpecification: { KMSMasterKeyId: arnOf('Key') } },
    },
    Role: { Type: 'AWS::IAM::Role', Properties: {}, DependsOn: ['Subnet', 'Key'] },
    TablePolicy: {
      Type: 'AWS::IAM::Policy',
      Properties: {
        PolicyDocument: { Statement: [{ Resource: [arnOf('Table'), arnOf('Key')] }] },
        Roles: [{ Ref: 'Role' }],
      },
    },
    KeyPolicy: {
      Type: 'AWS::IAM::Policy',
      Properties: { PolicyDocument: { Statement: [{ Resource: arnOf('Key') }] }, Roles: [{ Ref: 'Role' }] },
    },
    Subnet: { Type: 'AWS::EC2::Subnet', Properties: { CidrBlock: '10.0.0.0/24' } },
    Function: {
      Type: 'AWS::Lambda::Function',
      Properties: { Role: arnOf('Role'), VpcConfig: { SubnetIds: [{ Ref: 'Subnet' }] } },
      DependsOn: 'TablePolicy',
    },
    Permission: { Type: 'AWS::Lambda::Permission', Properties: { FunctionName: arnOf('Function') } },
    Alarm: { Type: 'AWS::CloudWatch::Alarm', Condition: 'IsProd', Properties: {} },
  },
  Outputs: {
    KeyArn: { Value: arnOf('Key') },
    FunctionName: { Value: { Ref: 'Function' } },
  },
});

const unsupported = {
  'AWS::DynamoDB::Table': 'tables live in moto',
  'AWS::EC2::*': 'no EC2 here',
};

describe('referencesIn', () => {
  it('finds Ref, both GetAtt forms and Fn::Sub variables, not escaped literals', () => {
    // biome-ignore-start lint/suspicious/noTemplateCurlyInString: CloudFormation's Fn::Sub syntax, not JavaScript's
    expect(
      referencesIn({
        a: { Ref: 'One' },
        b: [{ 'Fn::GetAtt': ['Two', 'Arn'] }, { 'Fn::GetAtt': 'Three.StreamArn' }],
        c: { 'Fn::Sub': 'arn:${AWS::Partition}:s3:::${Four}/${Five.Arn}/${!Literal}' },
        d: { 'Fn::Sub': ['${Six}-${Local}', { Local: { Ref: 'Seven' } }] },
      }),
    ).toEqual(new Set(['One', 'Two', 'Three', 'AWS::Partition', 'Four', 'Five', 'Six', 'Local', 'Seven']));
    // biome-ignore-end lint/suspicious/noTemplateCurlyInString: CloudFormation's Fn::Sub syntax, not JavaScript's
  });
});

describe('deployableTemplate', () => {
  const { template, leftOut, sectionsLeftOut } = deployableTemplate(platformLike(), unsupported);

  it('leaves out unsupported types, exact or by service, with their reason', () => {
    expect(leftOut).toEqual(
      expect.arrayContaining([
        { logicalId: 'Table', type: 'AWS::DynamoDB::Table', reason: 'tables live in moto' },
        { logicalId: 'Subnet', type: 'AWS::EC2::Subnet', reason: 'no EC2 here' },
      ]),
    );
  });

  it('leaves out, transitively, whatever refers to a left-out resource, naming what it depends on', () => {
    expect(leftOut).toEqual(
      expect.arrayContaining([
        {
          logicalId: 'TablePolicy',
          type: 'AWS::IAM::Policy',
          reason: 'depends on Table (AWS::DynamoDB::Table)',
        },
        {
          logicalId: 'Function',
          type: 'AWS::Lambda::Function',
          reason: 'depends on Subnet (AWS::EC2::Subnet)',
        },
        {
          logicalId: 'Permission',
          type: 'AWS::Lambda::Permission',
          reason: 'depends on Function (AWS::Lambda::Function)',
        },
      ]),
    );
    expect(leftOut).toHaveLength(5);
    expect(Object.keys(template.Resources)).toEqual(['Key', 'Role', 'KeyPolicy', 'Alarm']);
  });

  it('keeps the rest unchanged but for DependsOn entries naming left-out resources', () => {
    const original = platformLike();
    expect(template.Resources.Key).toEqual(original.Resources.Key);
    expect(template.Resources.KeyPolicy).toEqual(original.Resources.KeyPolicy);
    expect(template.Resources.Role).toEqual({ Type: 'AWS::IAM::Role', Properties: {}, DependsOn: ['Key'] });
    expect(template.Resources.Alarm).toEqual(original.Resources.Alarm);
  });

  it('drops DependsOn when nothing it named is left', () => {
    const { template: shaped } = deployableTemplate(platformLike(), {
      ...unsupported,
      'AWS::KMS::Key': 'no keys',
    });
    expect(shaped.Resources.Role).toEqual({ Type: 'AWS::IAM::Role', Properties: {} });
  });

  it('removes outputs referring to left-out resources, the rules, and parameters nothing uses any more', () => {
    expect(template.Outputs).toEqual({ KeyArn: { Value: arnOf('Key') } });
    expect(template.Rules).toBeUndefined();
    // Stage stays: a condition still uses it.
    expect(template.Parameters).toEqual({ Stage: { Type: 'String', Default: 'v1' } });
    expect(template.Conditions).toEqual(platformLike().Conditions);
    expect(template.Description).toBe('platform');
    expect(sectionsLeftOut).toEqual([
      'Rules.CheckBootstrapVersion',
      'Outputs.FunctionName',
      'Parameters.BootstrapVersion',
    ]);
  });

  it('leaves a template it can deploy whole as it is, and changes nothing it was given', () => {
    const given = platformLike();
    const whole = deployableTemplate({ Resources: given.Resources }, {});
    expect(whole.template).toEqual({ Resources: given.Resources });
    expect(whole.leftOut).toEqual([]);
    deployableTemplate(given, unsupported);
    expect(given).toEqual(platformLike());
  });
});

describe('withUniqueNames', () => {
  const busArn = {
    'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':events:::event-bus/vivified-canonical']],
  };
  const named: CfnTemplate = {
    Resources: {
      Bus: { Type: 'AWS::Events::EventBus', Properties: { Name: 'vivified-canonical' } },
      Alias: { Type: 'AWS::KMS::Alias', Properties: { AliasName: 'alias/vivified/platform' } },
      Queue: { Type: 'AWS::SQS::Queue', Properties: { QueueName: 'work.fifo' } },
      Logs: { Type: 'AWS::Logs::LogGroup', Properties: { LogGroupName: { Ref: 'AWS::StackName' } } },
      Registry: {
        Type: 'AWS::EventSchemas::Registry',
        Properties: { RegistryName: 'vivified-canonical-schemas' },
      },
      Key: { Type: 'AWS::KMS::Key', Properties: { KeyPolicy: { Statement: [{ Condition: busArn }] } } },
      Stage: { Type: 'AWS::ApiGateway::Stage', Properties: { StageName: 'v1' } },
    },
  };
  const unique = withUniqueNames(named, 'run1');
  const props = (id: string) => unique.Resources[id]?.Properties;

  it('suffixes each fixed account-wide name wherever it appears', () => {
    expect(props('Bus')).toEqual({ Name: 'vivified-canonical-run1' });
    expect(props('Alias')).toEqual({ AliasName: 'alias/vivified/platform-run1' });
    expect(props('Key')).toEqual({
      KeyPolicy: {
        Statement: [
          {
            Condition: {
              'Fn::Join': [
                '',
                ['arn:', { Ref: 'AWS::Partition' }, ':events:::event-bus/vivified-canonical-run1'],
              ],
            },
          },
        ],
      },
    });
  });

  it('keeps a FIFO queue’s suffix last', () => {
    expect(props('Queue')).toEqual({ QueueName: 'work-run1.fifo' });
  });

  it('leaves names CloudFormation computes, names that only start alike and names scoped to a parent', () => {
    expect(props('Logs')).toEqual({ LogGroupName: { Ref: 'AWS::StackName' } });
    expect(props('Registry')).toEqual({ RegistryName: 'vivified-canonical-schemas' });
    expect(props('Stage')).toEqual({ StageName: 'v1' });
  });

  it('returns a template without fixed names as it is', () => {
    const template: CfnTemplate = { Resources: { Stage: named.Resources.Stage! } };
    expect(withUniqueNames(template, 'run1')).toBe(template);
  });
});
