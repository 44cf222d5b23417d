import type { FieldError } from '../errors';
import { isTenantId, KEY_MODES, type KeyMode, TENANT_TIERS, type Tenant, type TenantTier } from './tenant';

/** What a platform administrator submits to create a tenant; the rest is set by the platform. */
export interface TenantInput {
  // The rules below are `idErrors`' and `nameErrors'`, stated for the OpenAPI document.
  /**
   * 2–63 lower-case letters, digits or hyphens, starting with a letter or digit (TENANT_ID_PATTERN).
   * @pattern ^[a-z0-9][a-z0-9-]{1,62}$
   */
  readonly id: string;
  /**
   * Not blank, at most 200 characters (TENANT_NAME_MAX_LENGTH), no control characters.
   * @minLength 1
   * @maxLength 200
   * @pattern ^[^\u0000-\u001f\u007f]*[^\s\u0000-\u001f\u007f][^\u0000-\u001f\u007f]*$
   */
  readonly name: string;
  /** @default 'standard' */
  readonly tier?: TenantTier;
  /** @default 'shared' */
  readonly keyMode?: KeyMode;
}

export const TENANT_NAME_MAX_LENGTH = 200;

const SET_BY_PLATFORM = new Set(['status', 'createdAt']);
const KNOWN_FIELDS = new Set(['id', 'name', 'tier', 'keyMode']);

// Control characters would corrupt console rendering and log lines.
// biome-ignore lint/suspicious/noControlCharactersInRegex: the control characters are what is refused
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f]/;

/** RFC 6901: `~` and `/` in a member name are escaped so the pointer names exactly that member. */
const pointerTo = (name: string) => `/${name.replaceAll('~', '~0').replaceAll('/', '~1')}`;

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function idErrors(id: unknown): FieldError[] {
  if (id === undefined) return [{ pointer: '/id', message: 'is required' }];
  if (isTenantId(id)) return [];
  return [
    {
      pointer: '/id',
      message:
        'must be 2-63 lower-case letters, digits or hyphens, starting with a letter or digit (^[a-z0-9][a-z0-9-]{1,62}$)',
    },
  ];
}

function nameErrors(name: unknown): FieldError[] {
  if (name === undefined) return [{ pointer: '/name', message: 'is required' }];
  if (typeof name !== 'string' || name.trim() === '') {
    return [{ pointer: '/name', message: 'must be a non-empty string' }];
  }
  if (name.length > TENANT_NAME_MAX_LENGTH) {
    return [{ pointer: '/name', message: `must be at most ${TENANT_NAME_MAX_LENGTH} characters` }];
  }
  if (CONTROL_CHARACTERS.test(name)) {
    return [{ pointer: '/name', message: 'must not contain control characters' }];
  }
  return [];
}

function oneOfErrors(pointer: string, value: unknown, allowed: readonly string[]): FieldError[] {
  if (value === undefined || allowed.includes(value as string)) return [];
  return [{ pointer, message: `must be one of ${allowed.join(', ')}` }];
}

/**
 * Every problem with a tenant creation request at once, each with its JSON pointer; empty when
 * the input is acceptable (and then it is a `TenantInput`). Unknown fields are refused rather than
 * ignored so a misspelt `keymode` cannot silently give a tenant the shared key.
 */
export function validateTenantInput(input: unknown): FieldError[] {
  if (!isRecord(input)) return [{ pointer: '', message: 'must be a JSON object' }];
  const unknownFields = Object.keys(input)
    .filter((name) => !KNOWN_FIELDS.has(name))
    .map((name) => ({
      pointer: pointerTo(name),
      message: SET_BY_PLATFORM.has(name) ? 'is set by the platform' : 'is not a tenant field',
    }));
  return [
    ...idErrors(input.id),
    ...nameErrors(input.name),
    ...oneOfErrors('/tier', input.tier, TENANT_TIERS),
    ...oneOfErrors('/keyMode', input.keyMode, KEY_MODES),
    ...unknownFields,
  ];
}

/** A new, active tenant from validated input; `createdAt` comes from the caller's clock. */
export function newTenant(input: TenantInput, createdAt: string): Tenant {
  return {
    id: input.id,
    name: input.name.trim(),
    tier: input.tier ?? 'standard',
    keyMode: input.keyMode ?? 'shared',
    status: 'active',
    createdAt,
  };
}
