import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type Action,
  ADMIN_ACTIONS,
  decide,
  isAction,
  isAdminAction,
  LANE_ACTIONS,
  type Principal,
} from '../../../core/policy';
import { PHI_SHAPE, platformAdmin, plugin, TENANT, user } from './fixtures';

const PRINCIPALS: ReadonlyArray<[string, Principal]> = [
  ['user', user(['admin', 'plugin_manager', 'config_manager', 'audit_viewer'])],
  ['platform admin', platformAdmin],
  ['plugin', plugin(PHI_SHAPE)],
];

describe('default deny', () => {
  it.each(PRINCIPALS)('denies an unknown action to a %s', (_, principal) => {
    const decision = decide(principal, 'installation.purge' as Action, { tenantId: TENANT } as never);

    expect(decision).toEqual({
      effect: 'deny',
      rule: 'default_deny',
      reasons: ['"installation.purge" is not a known action; anything not explicitly allowed is denied'],
      obligations: { auditLevel: 'standard' },
    });
  });

  it.each(['constructor', '__proto__', 'toString', ''])('denies the non-action %j', (action) => {
    expect(decide(user(['admin']), action as Action, { tenantId: TENANT } as never).rule).toBe(
      'default_deny',
    );
  });

  it.each([
    ['null', null],
    ['a string', 'user'],
    ['an unknown kind', { kind: 'service', subject: 'x' }],
  ])('denies a principal that is %s', (_, principal) => {
    expect(decide(principal as never, 'catalog.browse', {})).toMatchObject({
      effect: 'deny',
      rule: 'principal_kind',
      reasons: ['the caller is not a recognised principal'],
    });
  });

  it.each([null, undefined, 'clinic-a'])('denies a request about the resource %j', (resource) => {
    expect(decide(user(['admin']), 'installation.list', resource as never)).toMatchObject({
      effect: 'deny',
      rule: 'malformed_request',
    });
  });

  it.each(
    LANE_ACTIONS.flatMap((action) => [
      [action, 'user', user(['admin'])] as const,
      [action, 'platform admin', platformAdmin] as const,
    ]),
  )('keeps %s to plugins (denies a %s)', (action, _, principal) => {
    const decision = decide(principal, action, { tenantId: TENANT } as never);

    expect(decision).toMatchObject({ effect: 'deny', rule: 'principal_kind' });
    expect(decision.reasons[0]).toMatch(
      /^only plugin installations use the (canonical|operator|proxy) lane$/,
    );
  });

  it.each([
    ['operator.call', {}],
    ['canonical.subscribe', { tenantId: TENANT, eventType: 'E.v1', classification: 'internal' }],
  ] as const)('denies %s when the resource lacks a part the rule reads', (action, resource) => {
    expect(decide(plugin(PHI_SHAPE), action, resource as never)).toMatchObject({
      effect: 'deny',
      rule: 'malformed_request',
      reasons: [
        `${action} could not be decided: the request or the caller's manifest lacks a part the rule needs`,
      ],
    });
  });

  it('denies when the caller manifest lacks a part the rule reads', () => {
    const caller = plugin({ publishes: ['E.v1'] });
    const broken = { ...caller, manifest: { ...caller.manifest, security: undefined } } as never;

    expect(
      decide(broken, 'canonical.publish', { tenantId: TENANT, eventType: 'E.v1', classification: 'internal' })
        .rule,
    ).toBe('malformed_request');
  });

  it('never throws, whatever the resource', () => {
    fc.assert(
      fc.property(
        fc.constantFrom<Action>(...ADMIN_ACTIONS, ...LANE_ACTIONS),
        fc.constantFrom(...PRINCIPALS.map(([, principal]) => principal)),
        fc.anything(),
        (action, principal, resource) => {
          expect(['allow', 'deny']).toContain(decide(principal, action, resource as never).effect);
        },
      ),
    );
  });

  it('recognises exactly the known actions', () => {
    for (const action of [...ADMIN_ACTIONS, ...LANE_ACTIONS]) expect(isAction(action)).toBe(true);
    expect(ADMIN_ACTIONS.every(isAdminAction)).toBe(true);
    expect(LANE_ACTIONS.some(isAdminAction)).toBe(false);
    expect(isAction('installation.purge')).toBe(false);
  });

  it('never throws and never allows an action it does not know', () => {
    const known = new Set<string>([...ADMIN_ACTIONS, ...LANE_ACTIONS]);
    fc.assert(
      fc.property(
        fc.string().filter((action) => !known.has(action)),
        fc.constantFrom(...PRINCIPALS.map(([, principal]) => principal)),
        fc.anything(),
        (action, principal, resource) => {
          expect(decide(principal, action as Action, resource as never).effect).toBe('deny');
        },
      ),
    );
  });

  it('never lets a user act on a tenant other than their own, whatever the roles', () => {
    const scoped = ADMIN_ACTIONS.filter((action) => !action.startsWith('catalog.'));
    fc.assert(
      fc.property(
        fc.subarray(['admin', 'plugin_manager', 'config_manager', 'audit_viewer'] as const),
        fc.constantFrom(...scoped),
        fc.string().filter((tenantId) => tenantId !== TENANT),
        (roles, action, tenantId) => {
          expect(decide(user(roles), action, { tenantId } as never).effect).toBe('deny');
        },
      ),
    );
  });
});
