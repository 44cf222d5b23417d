import { describe, expect, it } from 'vitest';
import { composeApp } from '../../lib/app';
import { synthWithNag } from '../support/synth';

// Synthesis must need no Docker: if any asset tried to bundle in a container, it would run this and fail.
process.env.CDK_DOCKER = '/bin/false';

const platformOf = (composed: ReturnType<typeof composeApp>) => composed.platform;

type Resource = { Type: string; Properties: any };
type Statement = { Action: string | string[]; Resource: unknown; Condition?: Record<string, any> };

const INSTALLATIONS = 'Vivified: Installations changed: install, enable, configure, upgrade, uninstall';
const PROXY = 'Vivified: Proxy lane: allowlisted egress';

/** Resolves the intrinsics an environment value is made of, with a made-up ARN for each key. */
function resolve(value: unknown, arnOf: (logicalId: string) => string): string {
  if (typeof value === 'string') return value;
  const intrinsic = value as Record<string, any>;
  if (intrinsic['Fn::Join']) {
    const [separator, parts] = intrinsic['Fn::Join'] as [string, unknown[]];
    return parts.map((part) => resolve(part, arnOf)).join(separator);
  }
  if (intrinsic['Fn::GetAtt']?.[1] === 'Arn') return arnOf(intrinsic['Fn::GetAtt'][0]);
  if (intrinsic.Ref) return String(intrinsic.Ref);
  throw new Error(`Unexpected intrinsic ${JSON.stringify(value)}`);
}

describe('dedicated tenant keys in the stack', () => {
  const { template, violations } = synthWithNag(composeApp, platformOf, {
    'vivified:dedicatedKeyTenants': 'clinic-a,clinic-b',
  });
  const resources = (type: string) => template!.findResources(type) as Record<string, Resource>;
  const tenantKeyIds = new Map(
    Object.entries(resources('AWS::KMS::Key')).flatMap(([id, key]) => {
      const tenant = /^Vivified data key of tenant (.+)$/.exec(key.Properties.Description)?.[1];
      return tenant ? [[tenant, id] as const] : [];
    }),
  );
  const functions = Object.values(resources('AWS::Lambda::Function')).filter((f) =>
    String(f.Properties.Description ?? '').startsWith('Vivified:'),
  );
  const policies = Object.values(resources('AWS::IAM::Policy'));
  /** The statements of a function's role that name one of the tenant keys. */
  const tenantKeyStatements = (fn: Resource): Statement[] => {
    const roleId = fn.Properties.Role['Fn::GetAtt'][0];
    return policies
      .filter((p) => p.Properties.Roles.some((r: { Ref: string }) => r.Ref === roleId))
      .flatMap((p) => p.Properties.PolicyDocument.Statement as Statement[])
      .filter((st) => [...tenantKeyIds.values()].some((id) => JSON.stringify(st.Resource).includes(id)));
  };
  const byDescription = (description: string) =>
    functions.find((f) => f.Properties.Description === description)!;

  it('still has zero cdk-nag findings', () => {
    expect(violations).toEqual([]);
    expect([...tenantKeyIds.keys()].sort()).toEqual(['clinic-a', 'clinic-b']);
  });

  it('records each tenant key in the registry at deploy, and tells no function the keys in its environment', () => {
    // No function carries the keys: its 4 KB environment would bound the number of keyed tenants.
    for (const fn of functions) {
      expect(
        JSON.stringify(fn.Properties.Environment?.Variables ?? {}),
        fn.Properties.Description,
      ).not.toMatch(/TENANT_KEYS|arn:aws:kms/);
      expect(
        Object.values(fn.Properties.Environment?.Variables ?? {}).some((v) =>
          [...tenantKeyIds.values()].some((id) => JSON.stringify(v).includes(id)),
        ),
        fn.Properties.Description,
      ).toBe(false);
    }
    // One record per tenant: the item the functions read (adapters/aws/tenant-keys.ts), holding that tenant's key.
    const arnOf = (logicalId: string) => `arn:aws:kms:eu-west-1:123456789012:key/${logicalId.toLowerCase()}`;
    const records = Object.values(resources('Custom::AWS')).map((r) => {
      const create = JSON.parse(resolve(r.Properties.Create, arnOf));
      return create.parameters.Item as Record<string, { S: string }>;
    });
    const keyRecords = records.filter((item) => item?.sk?.S === 'KEY');
    expect(Object.fromEntries(keyRecords.map((item) => [item.pk!.S, item.keyArn!.S]))).toEqual({
      'TENANT#clinic-a': arnOf(tenantKeyIds.get('clinic-a')!),
      'TENANT#clinic-b': arnOf(tenantKeyIds.get('clinic-b')!),
    });
  });

  it('lets the deploy-time function put items only in each keyed tenant’s own partition', () => {
    const statements = Object.entries(resources('AWS::IAM::Policy'))
      .filter(([id]) => id.startsWith('TenantKeyRecords'))
      .flatMap(([, p]) => p.Properties.PolicyDocument.Statement as Statement[])
      .filter((st) => [st.Action].flat().some((action) => action.startsWith('dynamodb:')));
    expect(statements.flatMap((st) => [st.Action].flat())).toEqual(['dynamodb:PutItem', 'dynamodb:PutItem']);
    const partitions = statements.flatMap(
      (st) => st.Condition!['ForAllValues:StringEquals']['dynamodb:LeadingKeys'] as string[],
    );
    expect(partitions.sort()).toEqual(['TENANT#clinic-a', 'TENANT#clinic-b']);
  });

  it('lets the installations area seal and open under each tenant key, for that tenant’s context only', () => {
    const statements = tenantKeyStatements(byDescription(INSTALLATIONS));
    expect(statements).toHaveLength(2);
    for (const [tenant, id] of tenantKeyIds) {
      const statement = statements.find((st) => JSON.stringify(st.Resource).includes(id))!;
      expect([statement.Action].flat().sort()).toEqual(['kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey']);
      expect(statement.Resource).toEqual({ 'Fn::GetAtt': [id, 'Arn'] });
      expect(statement.Condition).toEqual({ StringEquals: { 'kms:EncryptionContext:tenantId': tenant } });
    }
  });

  it('lets the proxy lane only open under the tenant keys', () => {
    const statements = tenantKeyStatements(byDescription(PROXY));
    expect(statements).toHaveLength(2);
    for (const statement of statements) expect(statement.Action).toBe('kms:Decrypt');
  });

  it('grants no other function a tenant key', () => {
    const others = functions.filter(
      (f) => f.Properties.Description !== INSTALLATIONS && f.Properties.Description !== PROXY,
    );
    expect(others.length).toBeGreaterThan(0);
    for (const fn of others) expect(tenantKeyStatements(fn), fn.Properties.Description).toEqual([]);
  });

  it('refuses a dedicated-key tenant that is not a tenant id', () => {
    expect(() =>
      synthWithNag(composeApp, platformOf, { 'vivified:dedicatedKeyTenants': 'clinic-a,Clinic B' }),
    ).toThrow(/"Clinic B" is not a tenant id/);
  });
});
