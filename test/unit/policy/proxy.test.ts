import { describe, expect, it } from 'vitest';
import { decide } from '../../../core/policy';
import { PHI_SHAPE, plugin } from './fixtures';

const egressPlugin = (shape = {}) => plugin({ traits: ['external_service'], ...shape });

describe('proxy.egress', () => {
  it("allows a host matched by the manifest's allowed_domains", () => {
    const decision = decide(egressPlugin(), 'proxy.egress', {
      host: 'api.stripe.com',
      allowlist: { matched: true, source: 'manifest', entry: '*.stripe.com' },
    });

    expect(decision).toEqual({
      effect: 'allow',
      rule: 'proxy.egress',
      reasons: ["api.stripe.com is allowed by plugin scheduler's allowed_domains entry *.stripe.com"],
      obligations: { auditLevel: 'standard' },
    });
  });

  it.each<[string, object, object]>([
    [
      'a plugin declaring complete: in complete detail',
      { compliance: { audit_level: 'complete' } },
      { detail: 'complete' },
    ],
    [
      'a PHI plugin: in detail, and on the PHI trail',
      { traits: PHI_SHAPE.traits },
      { auditLevel: 'phi', detail: 'detailed' },
    ],
  ])('records the egress of %s', (_, changes, obligations) => {
    const principal = egressPlugin();
    const decision = decide(
      { ...principal, manifest: { ...principal.manifest, ...changes } },
      'proxy.egress',
      {
        host: 'api.stripe.com',
        allowlist: { matched: true, source: 'manifest', entry: '*.stripe.com' },
      },
    );

    expect(decision.obligations).toMatchObject(obligations);
  });

  it("allows a host matched by the tenant's override", () => {
    const decision = decide(egressPlugin(), 'proxy.egress', {
      host: 'fhir.clinic-a.example',
      allowlist: { matched: true, source: 'tenant_override', entry: 'fhir.clinic-a.example' },
    });

    expect(decision.reasons).toEqual([
      "fhir.clinic-a.example is allowed by tenant clinic-a's egress override fhir.clinic-a.example",
    ]);
  });

  it('denies a host matched by neither', () => {
    const decision = decide(egressPlugin(), 'proxy.egress', {
      host: 'evil.example',
      allowlist: { matched: false },
    });

    expect(decision).toEqual({
      effect: 'deny',
      rule: 'proxy.egress.not_allowlisted',
      reasons: [
        "evil.example is in neither plugin scheduler's allowed_domains nor tenant clinic-a's egress overrides",
      ],
      obligations: { auditLevel: 'standard' },
    });
  });

  it('does not take a truthy non-boolean for a match', () => {
    const allowlist = { matched: 'yes', source: 'manifest', entry: '*' } as never;

    expect(decide(egressPlugin(), 'proxy.egress', { host: 'x.example', allowlist }).effect).toBe('deny');
  });

  it.each([
    [{ matched: true, source: 'manifest', entry: 'api.example.com' }, 'allow'],
    [{ matched: false }, 'deny'],
  ] as const)('audits egress of a PHI-handling plugin at PHI level (%j)', (allowlist, effect) => {
    const decision = decide(egressPlugin(PHI_SHAPE), 'proxy.egress', { host: 'api.example.com', allowlist });

    expect(decision).toMatchObject({ effect, obligations: { auditLevel: 'phi' } });
  });
});
