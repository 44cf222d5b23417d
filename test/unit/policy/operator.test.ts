import { describe, expect, it } from 'vitest';
import type { InstallationState } from '../../../core/lifecycle';
import type { DataClassification } from '../../../core/manifest/types';
import { decide, type OperatorCallResource } from '../../../core/policy';
import { manifest, OTHER_TENANT, PHI_SHAPE, plugin, TENANT } from './fixtures';

const ehr = (classification: DataClassification = 'internal') =>
  manifest({
    id: 'ehr',
    ...PHI_SHAPE,
    exposes: { getPatient: { method: 'GET', path: '/patients/{id}', data_classification: classification } },
  });

const call = (
  operation = 'getPatient',
  { state = 'Active', tenantId = TENANT, classification = 'internal' as DataClassification } = {} as {
    state?: InstallationState;
    tenantId?: string;
    classification?: DataClassification;
  },
): OperatorCallResource => ({
  operation,
  target: { tenantId, installationId: 'inst-ehr', pluginId: 'ehr', state, manifest: ehr(classification) },
});

const caller = (shape: Parameters<typeof plugin>[0] = {}) => plugin({ calls: ['ehr.getPatient'], ...shape });

describe('operator.call', () => {
  it('allows a declared call to an exposed operation of an Active installation in the tenant', () => {
    expect(decide(caller(), 'operator.call', call())).toEqual({
      effect: 'allow',
      rule: 'operator.call',
      reasons: [
        'plugin scheduler declares ehr.getPatient in operations.calls',
        'plugin ehr exposes getPatient (internal data) and is Active',
        'plugin scheduler is cleared for internal data',
      ],
      // The target handles PHI: the call is recorded in detail, whatever the caller declares.
      obligations: { auditLevel: 'standard', detail: 'detailed' },
    });
  });

  it('records a call in the detail the stricter of caller and target asks for, and adds nothing at the floor', () => {
    const plain = (level?: 'basic' | 'complete') => ({
      ...call(),
      target: {
        ...call().target,
        manifest: {
          ...manifest({
            id: 'ehr',
            exposes: {
              getPatient: { method: 'GET', path: '/patients/{id}', data_classification: 'internal' },
            },
          }),
          ...(level ? { compliance: { audit_level: level } } : {}),
        },
      },
    });
    const declaring = (audit_level: 'complete') => {
      const principal = caller();
      return { ...principal, manifest: { ...principal.manifest, compliance: { audit_level } } };
    };

    expect(decide(caller(), 'operator.call', plain()).obligations).toEqual({ auditLevel: 'standard' });
    expect(decide(caller(), 'operator.call', plain('complete')).obligations.detail).toBe('complete');
    expect(decide(declaring('complete'), 'operator.call', plain('basic')).obligations.detail).toBe(
      'complete',
    );
  });

  it('allows a PHI operation to a PHI-cleared caller, audited at PHI level', () => {
    expect(
      decide(caller(PHI_SHAPE), 'operator.call', call('getPatient', { classification: 'phi' })),
    ).toMatchObject({
      effect: 'allow',
      obligations: { auditLevel: 'phi' },
    });
  });

  it('denies a call the caller did not declare', () => {
    const decision = decide(caller({ calls: ['ehr.listPatients'] }), 'operator.call', call());

    expect(decision).toMatchObject({
      effect: 'deny',
      rule: 'operator.call.undeclared_call',
      reasons: ['plugin scheduler does not declare ehr.getPatient in operations.calls'],
    });
  });

  it('denies a caller without operations at all', () => {
    const base = caller();
    const bare = { ...base, manifest: { ...base.manifest, operations: undefined } };

    expect(decide(bare, 'operator.call', call()).rule).toBe('operator.call.undeclared_call');
  });

  it.each(['deletePatient', 'constructor', '__proto__', 'toString'])(
    'denies %s, which the target does not expose',
    (op) => {
      const decision = decide(caller({ calls: [`ehr.${op}`] }), 'operator.call', call(op));

      expect(decision).toMatchObject({
        effect: 'deny',
        rule: 'operator.call.not_exposed',
        reasons: [`plugin ehr does not expose operation ${op}`],
      });
    },
  );

  it('denies when the target exposes nothing', () => {
    const resource = call();
    const target = { ...resource.target, manifest: { ...resource.target.manifest, operations: undefined } };

    expect(decide(caller(), 'operator.call', { ...resource, target }).rule).toBe('operator.call.not_exposed');
  });

  it.each([
    'Registered',
    'Provisioning',
    'Unhealthy',
    'Deprovisioning',
    'Disabled',
    'Uninstalling',
    'Failed',
  ] as const)('denies a call to a %s installation', (state) => {
    expect(decide(caller(), 'operator.call', call('getPatient', { state }))).toMatchObject({
      effect: 'deny',
      rule: 'operator.call.target_inactive',
      reasons: [`the target installation is ${state}; only Active installations take operator calls`],
    });
  });

  it("denies a caller not cleared for the operation's data, audited at PHI level", () => {
    expect(decide(caller(), 'operator.call', call('getPatient', { classification: 'phi' }))).toMatchObject({
      effect: 'deny',
      rule: 'operator.call.classification',
      reasons: [
        'phi data requires the handles_phi trait and phi in security.data_classification, which plugin scheduler does not declare',
      ],
      obligations: { auditLevel: 'phi' },
    });
  });

  it('gives every failing reason at once', () => {
    const decision = decide(
      plugin(),
      'operator.call',
      call('getPatient', { state: 'Disabled', classification: 'phi' }),
    );

    expect(decision.rule).toBe('operator.call.undeclared_call');
    expect(decision.reasons).toHaveLength(3);
  });

  it('denies a target in another tenant before anything else, revealing nothing of it', () => {
    const decision = decide(
      caller(),
      'operator.call',
      call('getPatient', { tenantId: OTHER_TENANT, state: 'Disabled' }),
    );

    expect(decision).toMatchObject({ effect: 'deny', rule: 'tenant_boundary' });
    expect(decision.reasons).toHaveLength(1);
    expect(JSON.stringify(decision)).not.toMatch(/clinic-b|Disabled|getPatient/);
  });

  it('audits a cross-tenant attempt on a PHI operation at PHI level', () => {
    const resource = call('getPatient', { tenantId: OTHER_TENANT, classification: 'phi' });

    expect(decide(caller(PHI_SHAPE), 'operator.call', resource).obligations.auditLevel).toBe('phi');
  });
});
