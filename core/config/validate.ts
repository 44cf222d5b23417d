import type { ErrorObject, ValidateFunction } from 'ajv';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import type { FieldError } from '../errors';
import { unsafeIntegers } from '../json-numbers';
import { secretFields } from './secret-fields';

/**
 * Plugin config: values checked against the JSON Schema in the plugin's manifest (`config`), with
 * secret fields (`"x-secret": true`) kept apart so they can be sealed and never read back.
 */

// useDefaults: a setting the manifest gives a `default` and the config leaves out is filled in
// while validating, so what is stored, read back and handed to the plugin (`plugin.config()`)
// is what the plugin will actually run with.
const ajv = new Ajv2020({ allErrors: true, strict: false, useDefaults: true });
addFormats(ajv);
ajv.addKeyword({ keyword: 'x-secret', schemaType: 'boolean' });

// One compiled validator per schema object: manifests are immutable per version, so the cache
// key is the schema itself and compilation happens once per plugin version per process.
const compiled = new WeakMap<object, ValidateFunction>();

function validatorFor(schema: Readonly<Record<string, unknown>>): ValidateFunction {
  let validate = compiled.get(schema);
  if (!validate) {
    validate = ajv.compile(schema as Record<string, unknown>);
    compiled.set(schema, validate);
  }
  return validate;
}

const pointerOf = (error: ErrorObject): string =>
  error.keyword === 'required'
    ? `${error.instancePath}/${(error.params as { missingProperty: string }).missingProperty}`
    : error.keyword === 'additionalProperties'
      ? `${error.instancePath}/${(error.params as { additionalProperty: string }).additionalProperty}`
      : error.instancePath;

const messageOf = (error: ErrorObject): string => {
  switch (error.keyword) {
    case 'required':
      return 'is required';
    case 'additionalProperties':
      return 'is not a setting of this plugin';
    case 'enum':
      return `must be one of: ${(error.params as { allowedValues: unknown[] }).allowedValues.map(String).join(', ')}`;
    default:
      return error.message ?? 'is invalid';
  }
};

export interface ConfigCheck {
  readonly errors: FieldError[];
  /** The submitted values that are not secret, with the schema's defaults filled in, to store in the clear. */
  readonly plain: Record<string, unknown>;
  /** The submitted secret values, to seal. */
  readonly secrets: Record<string, string>;
}

/**
 * Checks a full replacement of an installation's config. Secrets are write-only, so a client that
 * cannot read them back may omit one to keep the stored value (`keptSecrets`) or send `null` to
 * clear it. Pointers are prefixed with `/values`, where the request body carries the settings.
 */
export function checkConfig(
  schema: Readonly<Record<string, unknown>> | undefined,
  values: Readonly<Record<string, unknown>>,
  keptSecrets: readonly string[],
): ConfigCheck {
  const secrets = secretFields(schema);
  const plain: Record<string, unknown> = {};
  const sealed: Record<string, string> = {};
  const errors: FieldError[] = [];
  for (const [name, value] of Object.entries(values)) {
    if (!secrets.includes(name)) plain[name] = value;
    else if (value === null) continue;
    else if (typeof value === 'string') sealed[name] = value;
    else errors.push({ pointer: `/values/${name}`, message: 'must be a string (secrets are strings)' });
  }
  errors.push(...unsafeIntegers(values, '/values'));
  if (!schema) {
    const unexpected = Object.keys(values).map((name) => ({
      pointer: `/values/${name}`,
      message: 'is not a setting of this plugin',
    }));
    return { errors: [...errors, ...unexpected], plain, secrets: sealed };
  }
  // Validate what the stored config will be: kept secrets stand in with a placeholder of their type.
  // A deep copy: defaults are filled into it (nested ones too), never into the caller's values.
  const candidate: Record<string, unknown> = structuredClone({ ...values });
  for (const name of keptSecrets) if (!(name in values)) candidate[name] = 'kept-secret';
  // Nulls clear; non-string secrets were reported above and are not re-reported by the schema.
  for (const [name, value] of Object.entries(candidate)) {
    if (value === null || (secrets.includes(name) && typeof value !== 'string')) delete candidate[name];
  }
  const validate = validatorFor(schema);
  if (!validate(candidate)) {
    for (const error of validate.errors ?? []) {
      errors.push({ pointer: `/values${pointerOf(error)}`, message: messageOf(error) });
    }
  }
  // Secrets stay as sent: a default for a secret would be a credential shipped in a manifest.
  for (const [name, value] of Object.entries(candidate)) if (!secrets.includes(name)) plain[name] = value;
  return { errors, plain, secrets: sealed };
}

/** The settings an installation starts with before anyone configures it: the schema's defaults. */
export function defaultConfig(
  schema: Readonly<Record<string, unknown>> | undefined,
): Record<string, unknown> {
  return schema ? checkConfig(schema, {}, []).plain : {};
}
