import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { ROUTES } from '../../functions/routes';
import { composeApp } from '../../lib/app';
import { cdkJsonContext } from '../support/synth';

/*
 * The synthesized template read as AWS would run it, for what the emulators never check: which
 * network path a call takes, which role makes it and what its policies allow. Each test names the
 * finding of the "Deploy fidelity" issue it holds fixed. Bundling is skipped: only the template
 * matters here (test/infra/bundles.test.ts covers the code).
 */
process.env.CDK_DOCKER = '/bin/false';

type Resource = { Type: string; Properties: any; DependsOn?: string[] };
type Statement = {
  Effect: string;
  Action: string | string[];
  Resource?: unknown;
  Principal?: any;
  Condition?: any;
};

const app = new App({ context: { ...cdkJsonContext(), 'aws:cdk:bundling-stacks': [] } });
const template = Template.fromStack(composeApp(app).platform).toJSON() as {
  Resources: Record<string, Resource>;
};
const resources = Object.entries(template.Resources);
const ofType = (type: string) => resources.filter(([, r]) => r.Type === type);
const actions = (st: Statement) => [st.Action].flat();
const json = (value: unknown) => JSON.stringify(value);

/** Every statement of the inline policies attached to a role (by the role's logical id). */
const roleStatements = (roleId: string): Statement[] =>
  ofType('AWS::IAM::Policy')
    .filter(([, p]) => json(p.Properties.Roles).includes(`"${roleId}"`))
    .flatMap(([, p]) => p.Properties.PolicyDocument.Statement as Statement[]);

const functions = ofType('AWS::Lambda::Function')
  .filter(([, f]) => String(f.Properties.Description ?? '').startsWith('Vivified:'))
  .map(([id, f]) => ({
    id,
    description: String(f.Properties.Description),
    inVpc: Boolean(f.Properties.VpcConfig),
    roleId: f.Properties.Role['Fn::GetAtt'][0] as string,
    environment: f.Properties.Environment.Variables as Record<string, unknown>,
  }));
const fn = (describes: string) => functions.find((f) => f.description.includes(describes))!;

/** Does an IAM pattern (`*` any run, `?` one character) match a concrete string? */
const wildcardMatch = (pattern: string, value: string) =>
  new RegExp(
    `^${pattern
      .replace(/[.+^${}()|[\]\\]/g, '\\$&')
      .replace(/\*/g, '.*')
      .replace(/\?/g, '.')}$`,
  ).test(value);

/** A template ARN (Fn::Join of pseudo parameters and literals) spelled with sample values. */
const sample = (value: unknown): string => {
  if (typeof value === 'string') return value;
  const v = value as Record<string, any>;
  if (v.Ref === 'AWS::Partition') return 'aws';
  if (v.Ref === 'AWS::Region') return 'eu-west-1';
  if (v.Ref === 'AWS::AccountId') return '123456789012';
  if (v.Ref === 'AWS::URLSuffix') return 'amazonaws.com';
  if (v['Fn::Join']) return (v['Fn::Join'][1] as unknown[]).map(sample).join(v['Fn::Join'][0]);
  return `<${json(value)}>`;
};

describe('plugins reach the lanes (finding 1)', () => {
  // Looked up in each test, so that a template without a private API fails them one by one.
  const privateApi = () => {
    const found = ofType('AWS::ApiGateway::RestApi').find(
      ([, a]) => a.Properties.EndpointConfiguration.Types[0] === 'PRIVATE',
    );
    expect(found, 'a PRIVATE REST API').toBeDefined();
    return found!;
  };
  const [executeApiEndpointId, executeApiEndpoint] = ofType('AWS::EC2::VPCEndpoint').find(([, e]) =>
    json(e.Properties.ServiceName).includes('.execute-api'),
  )!;

  it('serves every plugin route from a private API, which the execute-api endpoint’s private DNS serves inside the VPC', () => {
    expect(executeApiEndpoint.Properties.PrivateDnsEnabled).toBe(true);
    const [pluginApiId] = privateApi();
    const methodsOf = (apiId: string) =>
      ofType('AWS::ApiGateway::Method')
        .filter(([, m]) => json(m.Properties.RestApiId).includes(`"${apiId}"`))
        .map(([, m]) => `${m.Properties.HttpMethod} ${m.Properties.OperationName}`);
    const onPrivate = methodsOf(pluginApiId);
    for (const route of ROUTES) {
      const served = onPrivate.includes(`${route.method} ${route.action}`);
      // People's routes and the console's panels are on the public API only: no browser is in the VPC.
      expect(served, `${route.method} ${route.path}`).toBe(
        route.caller === 'plugin' || route.caller === 'public',
      );
    }
  });

  it('admits requests to the private API only through the plugin VPC’s execute-api endpoint', () => {
    const statements = privateApi()[1].Properties.Policy.Statement as Statement[];
    const allow = statements.filter((st) => st.Effect === 'Allow');
    const deny = statements.filter((st) => st.Effect === 'Deny');
    expect(allow.map((st) => st.Condition.StringEquals['aws:SourceVpce'])).toEqual([
      { Ref: executeApiEndpointId },
    ]);
    expect(deny.map((st) => st.Condition.StringNotEquals['aws:SourceVpce'])).toEqual([
      { Ref: executeApiEndpointId },
    ]);
  });

  it('tells plugins the private API’s URL', () => {
    const [pluginApiId] = privateApi();
    for (const f of functions.filter((f) => f.environment.VIVIFIED_API_URL)) {
      expect(json(f.environment.VIVIFIED_API_URL), f.description).toContain(`"${pluginApiId}"`);
    }
    expect(functions.some((f) => f.environment.VIVIFIED_API_URL)).toBe(true);
  });
});

describe('plugin tasks can start (finding 2)', () => {
  const [executionRoleId] = ofType('AWS::IAM::Role').find(([, r]) =>
    json(r.Properties.AssumeRolePolicyDocument).includes('ecs-tasks.amazonaws.com'),
  )!;
  const statements = roleStatements(executionRoleId);
  // As adapters/aws/ecs-runtime.ts names it; Secrets Manager appends six characters to the ARN.
  const credentialSecret =
    'arn:aws:secretsmanager:eu-west-1:123456789012:secret:vivified/installations/3f0c2a1e-9d4b-4c55-8f00-2a1b3c4d5e6f/credential-AbC123';

  it('lets the execution role read the installation credential secrets ECS injects, and no other secret', () => {
    const reading = statements.filter((st) => actions(st).includes('secretsmanager:GetSecretValue'));
    expect(
      reading.some((st) => [st.Resource].flat().some((r) => wildcardMatch(sample(r), credentialSecret))),
    ).toBe(true);
    for (const st of reading) {
      for (const r of [st.Resource].flat()) expect(sample(r)).toContain(':secret:vivified/installations/');
    }
  });

  it('lets it decrypt them under the platform key, through Secrets Manager only', () => {
    const decrypting = statements.filter((st) => actions(st).includes('kms:Decrypt'));
    expect(decrypting.length).toBeGreaterThan(0);
    for (const st of decrypting) {
      expect(sample(st.Condition?.StringEquals?.['kms:ViaService'])).toMatch(/^(secretsmanager|sqs)\./);
    }
  });

  it('lets it pull images from this account’s plugin repositories only, not every repository', () => {
    const pulling = statements.filter((st) => actions(st).includes('ecr:BatchGetImage'));
    expect(pulling).toHaveLength(1);
    expect(sample(pulling[0]!.Resource)).toBe(
      'arn:aws:ecr:eu-west-1:123456789012:repository/vivified-plugins/*',
    );
  });
});

describe('every call a VPC function makes has a route (finding 3)', () => {
  const interfaceServices = ofType('AWS::EC2::VPCEndpoint').map(([, e]) =>
    sample(e.Properties.ServiceName).replace('com.amazonaws.eu-west-1.', ''),
  );
  // What the service prefix of an action is reached through, from inside the VPC.
  const routeOf: Record<string, string> = {
    ecr: 'ecr.api',
    servicediscovery: 'servicediscovery',
    events: 'events',
    cloudwatch: 'monitoring',
  };
  // Actions used by AWS on the function's behalf, not by its code over its network: Lambda attaches
  // the interfaces and writes the logs, and PassRole is checked by the service it is passed to.
  const notCalls = (action: string) => /^(ec2|logs):/.test(action) || action === 'iam:PassRole';

  it.each(functions.filter((f) => f.inVpc).map((f) => [f.description, f] as const))('%s', (_d, f) => {
    const prefixes = new Set(
      roleStatements(f.roleId)
        .filter((st) => st.Effect === 'Allow')
        .flatMap(actions)
        .filter((a) => !notCalls(a))
        .map((a) => a.split(':')[0]!),
    );
    for (const prefix of prefixes) {
      expect(interfaceServices, `${f.description} calls ${prefix}`).toContain(routeOf[prefix] ?? prefix);
    }
  });

  it('leaves IAM writes to the one function outside the VPC, which the lifecycle functions may invoke', () => {
    const writers = functions.filter((f) =>
      roleStatements(f.roleId).some((st) =>
        actions(st).some((a) => a.startsWith('iam:') && a !== 'iam:PassRole'),
      ),
    );
    expect(writers.map((f) => [f.description, f.inVpc])).toEqual([
      ['Vivified: creates and removes the per-installation plugin task roles', false],
    ]);
    for (const lifecycle of [fn('Installations changed'), fn('lifecycle steps nobody is running')]) {
      const invoking = roleStatements(lifecycle.roleId).filter((st) =>
        actions(st).includes('lambda:InvokeFunction'),
      );
      expect(json(invoking.map((st) => st.Resource))).toContain(writers[0]!.id);
    }
  });
});

describe('no way out but the proxy lane (finding 5)', () => {
  it('gives every VPC endpoint a policy confined to this account', () => {
    const endpoints = ofType('AWS::EC2::VPCEndpoint');
    expect(endpoints.length).toBeGreaterThan(10);
    for (const [id, endpoint] of endpoints) {
      const statements = (endpoint.Properties.PolicyDocument?.Statement ?? []) as Statement[];
      expect(statements.length, id).toBeGreaterThan(0);
      for (const st of statements.filter((s) => s.Effect === 'Allow')) {
        const confined =
          st.Condition?.StringEquals?.['aws:PrincipalAccount'] !== undefined ||
          [st.Resource].flat().every((r) => sample(r).includes(':123456789012:'));
        expect(confined, `${id}: ${json(st)}`).toBe(true);
        expect(actions(st), id).not.toContain('*');
      }
    }
  });

  it('lets no security group send to 0.0.0.0/0: only to the endpoints, the gateway prefix lists and plugins', () => {
    const egress = [
      ...ofType('AWS::EC2::SecurityGroup').flatMap(([, g]) => g.Properties.SecurityGroupEgress ?? []),
      ...ofType('AWS::EC2::SecurityGroupEgress').map(([, e]) => e.Properties),
    ] as Array<Record<string, unknown>>;
    expect(egress.length).toBeGreaterThan(0);
    for (const rule of egress) {
      expect(rule.CidrIp === '0.0.0.0/0' || rule.CidrIpv6 === '::/0', json(rule)).toBe(false);
      expect(
        Boolean(
          rule.DestinationSecurityGroupId ||
            rule.DestinationPrefixListId ||
            rule.CidrIp === '255.255.255.255/32',
        ),
        json(rule),
      ).toBe(true);
    }
  });

  it('resolves only AWS’s regional names and the plugin namespace in the VPC; every other name is NXDOMAIN', () => {
    const [vpcId] = ofType('AWS::EC2::VPC')[0]!;
    const [[groupId, group]] = ofType('AWS::Route53Resolver::FirewallRuleGroup') as [[string, Resource]];
    const association = ofType('AWS::Route53Resolver::FirewallRuleGroupAssociation')[0]![1];
    expect(association.Properties.VpcId).toEqual({ Ref: vpcId });
    expect(association.Properties.FirewallRuleGroupId).toEqual({ 'Fn::GetAtt': [groupId, 'Id'] });
    const lists = Object.fromEntries(
      ofType('AWS::Route53Resolver::FirewallDomainList').map(([id, l]) => [
        id,
        (l.Properties.Domains as unknown[]).map(sample),
      ]),
    );
    const rules = (group.Properties.FirewallRules as Array<Record<string, any>>)
      .sort((a, b) => a.Priority - b.Priority)
      .map((r) => ({ action: r.Action, domains: lists[r.FirewallDomainListId['Fn::GetAtt'][0]] }));
    expect(rules).toEqual([
      { action: 'ALLOW', domains: ['*.eu-west-1.amazonaws.com', '*.plugins.vivified.internal'] },
      { action: 'BLOCK', domains: ['*'] },
    ]);
  });
});

describe('keys, data and logs (finding 6)', () => {
  const keyPolicies = ofType('AWS::KMS::Key').map(
    ([id, k]) => [id, k.Properties.KeyPolicy.Statement as Statement[]] as const,
  );

  it('lets AWS services use a key only for this account’s resources (no confused deputy)', () => {
    for (const [id, statements] of keyPolicies) {
      for (const st of statements.filter((s) => s.Principal?.Service)) {
        const conditions = json(st.Condition ?? {});
        expect(
          /aws:SourceArn|aws:SourceAccount|kms:EncryptionContext:aws:logs:arn/i.test(conditions),
          `${id}: ${json(st)}`,
        ).toBe(true);
      }
    }
  });

  it('encrypts the console’s files under a key of their own, not the platform key', () => {
    const [siteId, site] = ofType('AWS::S3::Bucket').find(([id]) => id.includes('ConsoleSite'))!;
    const keyOf = (bucket: Resource) =>
      bucket.Properties.BucketEncryption.ServerSideEncryptionConfiguration[0].ServerSideEncryptionByDefault
        .KMSMasterKeyID;
    expect(json(keyOf(site)), siteId).not.toContain('KeysPlatformKey');
    const cloudFront = keyPolicies
      .filter(([, statements]) => json(statements).includes('cloudfront.amazonaws.com'))
      .map(([id]) => id);
    expect(cloudFront).toEqual([keyOf(site)['Fn::GetAtt'][0]]);
  });

  const PLUGIN_LANES = ['Canonical lane', 'Operator lane', 'Proxy lane', 'Plugin self-service'];
  const itemActions = (st: Statement) => actions(st).filter((a) => a.startsWith('dynamodb:'));
  const WRITES = /^dynamodb:(PutItem|UpdateItem|DeleteItem|BatchWriteItem)$/;
  const [tenantDataId, tenantData] = ofType('AWS::IAM::Role').find(([id]) => id.includes('TenantData'))!;

  it('lets the plugin lanes reach no tenant’s items with their own role: the catalog and the platform’s chain only', () => {
    for (const lane of PLUGIN_LANES) {
      const statements = roleStatements(fn(lane).roleId).filter((st) => itemActions(st).length > 0);
      expect(statements.length, lane).toBeGreaterThan(0);
      for (const st of statements) {
        const leading =
          st.Condition?.['ForAllValues:StringLike']?.['dynamodb:LeadingKeys'] ??
          st.Condition?.['ForAllValues:StringEquals']?.['dynamodb:LeadingKeys'];
        if (itemActions(st).some((a) => WRITES.test(a))) {
          expect(st.Condition?.['ForAllValues:StringEquals']?.['dynamodb:LeadingKeys'], lane).toEqual([
            'AUDIT#_platform',
          ]);
          expect(actions(st), lane).not.toContain('dynamodb:DeleteItem');
        } else {
          expect(leading, lane).toEqual(['PLUGIN#*', 'AUDIT#_platform']);
        }
      }
      expect(fn(lane).environment.VIVIFIED_TENANT_DATA_ROLE_ARN, lane).toEqual({
        'Fn::GetAtt': [tenantDataId, 'Arn'],
      });
    }
  });

  const [rateLimitTableId] = ofType('AWS::DynamoDB::Table').find(([id]) => id.includes('RateLimits'))!;
  const onRateLimits = (st: Statement) => json(st.Resource).includes(`"${rateLimitTableId}"`);

  it('lets a tenant session count only its tenant’s calls: UpdateItem on counters keyed by the tenant', () => {
    const tenant = ['$', '{aws:PrincipalTag/TenantId}'].join('');
    const counting = roleStatements(tenantDataId).filter(
      (st) => itemActions(st).length > 0 && onRateLimits(st),
    );
    expect(counting.map((st) => ({ actions: actions(st), condition: st.Condition }))).toEqual([
      {
        actions: ['dynamodb:UpdateItem'],
        condition: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': [`${tenant}#*`, `${tenant}/*`] } },
      },
    ]);
    // No lane's own role, and no other function, may touch the counters.
    for (const f of functions) {
      expect(roleStatements(f.roleId).filter(onRateLimits), f.description).toEqual([]);
    }
    // Only the lanes that limit calls are told where the counters are.
    const told = functions.filter((f) => f.environment.VIVIFIED_RATE_LIMIT_TABLE).map((f) => f.description);
    expect(told.sort()).toEqual(
      ['Canonical lane', 'Operator lane', 'Proxy lane'].map((d) => expect.stringContaining(d)),
    );
  });

  it('lets a tenant session read only its tenant’s items and append only its tenant’s audit records', () => {
    const statements = roleStatements(tenantDataId).filter(
      (st) => itemActions(st).length > 0 && !onRateLimits(st),
    );
    // The IAM policy variable, as the policy spells it.
    const tenant = ['$', '{aws:PrincipalTag/TenantId}'].join('');
    const own = [`TENANT#${tenant}`, `AUDIT#${tenant}`];
    expect(statements.length).toBe(2);
    for (const st of statements) {
      const leading = st.Condition['ForAllValues:StringEquals']['dynamodb:LeadingKeys'];
      if (itemActions(st).some((a) => WRITES.test(a))) {
        expect(leading).toEqual([`AUDIT#${tenant}`]);
        expect(actions(st)).not.toContain('dynamodb:DeleteItem');
      } else expect(leading).toEqual(own);
      expect(json(st.Resource)).not.toContain('/index/');
    }
    // Assumed only by the four lanes, and only with the one tag, which must name a tenant.
    const trust = tenantData.Properties.AssumeRolePolicyDocument.Statement as Statement[];
    const trusted = (st: Statement) =>
      [st.Principal.AWS]
        .flat()
        .map((p: any) => p['Fn::GetAtt'][0])
        .sort();
    const laneRoles = PLUGIN_LANES.map((lane) => fn(lane).roleId).sort();
    expect(trust.map((st) => actions(st)).sort()).toEqual([['sts:AssumeRole'], ['sts:TagSession']]);
    for (const st of trust) expect(trusted(st)).toEqual(laneRoles);
    const tagging = trust.find((st) => actions(st).includes('sts:TagSession'))!;
    expect(tagging.Condition).toEqual({
      'ForAllValues:StringEquals': { 'aws:TagKeys': ['TenantId'] },
      StringLike: { 'aws:RequestTag/TenantId': '?*' },
    });
  });

  it('lets the lanes seal nothing under the platform key: the table key through DynamoDB only', () => {
    for (const id of [...PLUGIN_LANES.map((lane) => fn(lane).roleId), tenantDataId]) {
      const sealing = roleStatements(id).filter(
        (st) =>
          actions(st).some((a) => /^kms:(Encrypt|GenerateDataKey)/.test(a)) &&
          json(st.Resource).includes('KeysPlatformKey'),
      );
      for (const st of sealing) {
        expect(sample(st.Condition?.StringEquals?.['kms:ViaService']), id).toBe(
          'dynamodb.eu-west-1.amazonaws.com',
        );
      }
    }
  });

  it('lets each function write only its own log group', () => {
    for (const f of functions) {
      const role = template.Resources[f.roleId]!;
      expect(role.Properties.ManagedPolicyArns ?? [], f.description).toEqual([]);
      const logging = roleStatements(f.roleId).filter((st) => actions(st).some((a) => a.startsWith('logs:')));
      const [logGroupId] = ofType('AWS::Logs::LogGroup').find(([id]) =>
        json(template.Resources[f.id]!.Properties.LoggingConfig).includes(`"${id}"`),
      )!;
      for (const st of logging) expect(json(st.Resource), f.description).toContain(`"${logGroupId}"`);
    }
  });

  it('lets bodies the API accepts through the WAF: the managed 8 KB body rule only counts', () => {
    const [, acl] = ofType('AWS::WAFv2::WebACL')[0]!;
    const common = (acl.Properties.Rules as Array<Record<string, any>>).find(
      (r) => r.Name === 'AWSManagedRulesCommonRuleSet',
    )!;
    expect(common.Statement.ManagedRuleGroupStatement.RuleActionOverrides).toEqual([
      { Name: 'SizeRestrictions_BODY', ActionToUse: { Count: {} } },
    ]);
  });

  it('sends traces from the VPC through an X-Ray endpoint', () => {
    expect(
      ofType('AWS::EC2::VPCEndpoint').some(([, e]) => sample(e.Properties.ServiceName).endsWith('.xray')),
    ).toBe(true);
  });
});

describe('where it deploys (finding 7)', () => {
  it('targets the aws partition only: CloudFront OAC, Cognito and EventSchemas are not in aws-cn', () => {
    const context = JSON.parse(readFileSync(join(__dirname, '..', '..', 'cdk.json'), 'utf8')).context;
    expect(context['@aws-cdk/core:target-partitions']).toEqual(['aws']);
  });
});
