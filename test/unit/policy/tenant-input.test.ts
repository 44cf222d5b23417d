// Tests core/tenancy. It lives beside the policy tests (which rely on tenant ids) because this
// change may only add test files under test/unit/{policy,lifecycle,audit}.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  isTenantId,
  newTenant,
  PLATFORM_TENANT_ID,
  TENANT_NAME_MAX_LENGTH,
  validateTenantInput,
} from '../../../core/tenancy';

describe('tenant creation input', () => {
  it('accepts a minimal input and one with every field', () => {
    expect(validateTenantInput({ id: 'clinic-a', name: 'Clinic A' })).toEqual([]);
    expect(
      validateTenantInput({ id: 'h1', name: 'Hospital One', tier: 'enterprise', keyMode: 'dedicated' }),
    ).toEqual([]);
  });

  it.each([
    ['', 'too short'],
    ['a', 'too short'],
    ['-clinic', 'leading hyphen'],
    ['Clinic', 'upper case'],
    ['clinic_a', 'underscore'],
    [PLATFORM_TENANT_ID, 'the platform chain id'],
    ['a'.repeat(64), 'too long'],
    [42, 'not a string'],
  ] as ReadonlyArray<[unknown, string]>)('refuses the id %j (%s)', (id) => {
    expect(validateTenantInput({ id, name: 'Clinic' })).toEqual([
      { pointer: '/id', message: expect.stringContaining('^[a-z0-9][a-z0-9-]{1,62}$') },
    ]);
  });

  it('accepts ids of 2 and 63 characters', () => {
    expect(isTenantId('a1')).toBe(true);
    expect(isTenantId(`a${'-'.repeat(62)}`)).toBe(true);
  });

  it('matches the id pattern exactly', () => {
    fc.assert(
      fc.property(fc.string(), (id) => {
        expect(isTenantId(id)).toBe(/^[a-z0-9][a-z0-9-]{1,62}$/.test(id));
      }),
    );
  });

  it.each([
    [{ name: '   ' }, 'must be a non-empty string'],
    [{ name: 7 }, 'must be a non-empty string'],
    [
      { name: 'x'.repeat(TENANT_NAME_MAX_LENGTH + 1) },
      `must be at most ${TENANT_NAME_MAX_LENGTH} characters`,
    ],
    [{ name: 'Clinic\nA' }, 'must not contain control characters'],
  ])('refuses the name in %j', (input, message) => {
    expect(validateTenantInput({ id: 'clinic-a', ...input })).toEqual([{ pointer: '/name', message }]);
  });

  it('reports every problem at once, each with its pointer', () => {
    expect(
      validateTenantInput({ tier: 'gold', keyMode: 'own', status: 'active', createdAt: 'now', 'a/b~c': 1 }),
    ).toEqual([
      { pointer: '/id', message: 'is required' },
      { pointer: '/name', message: 'is required' },
      { pointer: '/tier', message: 'must be one of standard, enterprise' },
      { pointer: '/keyMode', message: 'must be one of shared, dedicated' },
      { pointer: '/status', message: 'is set by the platform' },
      { pointer: '/createdAt', message: 'is set by the platform' },
      { pointer: '/a~1b~0c', message: 'is not a tenant field' },
    ]);
  });

  it.each([null, 'clinic-a', [], 3])('refuses %j as a whole', (input) => {
    expect(validateTenantInput(input)).toEqual([{ pointer: '', message: 'must be a JSON object' }]);
  });

  it('creates an active tenant with the defaults', () => {
    expect(newTenant({ id: 'clinic-a', name: ' Clinic A ' }, '2025-01-02T03:04:05.000Z')).toEqual({
      id: 'clinic-a',
      name: 'Clinic A',
      tier: 'standard',
      keyMode: 'shared',
      status: 'active',
      createdAt: '2025-01-02T03:04:05.000Z',
    });
    expect(
      newTenant(
        { id: 'h1', name: 'H', tier: 'enterprise', keyMode: 'dedicated' },
        '2025-01-02T03:04:05.000Z',
      ),
    ).toMatchObject({ tier: 'enterprise', keyMode: 'dedicated' });
  });
});
