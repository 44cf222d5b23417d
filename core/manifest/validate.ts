import { type FieldError, ManifestInvalidError } from '../errors';
import generated from '../generated/manifest';
import { isJsonObject, readJsonTree } from './json-tree';
import { crossFieldErrors } from './rules';
import { translateSchemaErrors } from './schema-errors';
import type { PluginManifest } from './types';

// Generated ahead of time from schemas/manifest.schema.json (`npm run validators`, options in
// schema-compiler.ts), so loading the catalog compiles nothing for its own schema.
const checkSchema = generated.manifest;

/**
 * Where the schema and a cross-field rule judge the same value, the rule knows more (an IP literal
 * rather than "does not match", PHI's 2555 days rather than "at least 1"), so its words replace
 * the schema's for these keywords. Type errors and the like still speak for themselves.
 */
const REFINED_BY_RULES: ReadonlySet<string> = new Set([
  'pattern',
  'minimum',
  'maximum',
  'minLength',
  'maxLength',
]);

/** A hostile document could otherwise produce one error per value; this many is plenty to act on. */
export const MAX_REPORTED_ERRORS = 100;

export type ManifestCheck =
  | { readonly ok: true; readonly manifest: PluginManifest }
  | { readonly ok: false; readonly errors: FieldError[] };

function distinct(errors: readonly FieldError[]): FieldError[] {
  const byText = new Map(
    errors.map(({ pointer, message }) => [`${pointer}\u0000${message}`, { pointer, message }]),
  );
  const unique = [...byText.values()];
  if (unique.length <= MAX_REPORTED_ERRORS) return unique;
  return [
    ...unique.slice(0, MAX_REPORTED_ERRORS),
    { pointer: '', message: `has ${unique.length - MAX_REPORTED_ERRORS} more errors not listed here` },
  ];
}

function check(json: unknown): ManifestCheck {
  const read = readJsonTree(json);
  if (!read.ok) return { ok: false, errors: distinct(read.errors) };
  const { tree } = read;
  const schemaErrors = checkSchema(tree) ? [] : translateSchemaErrors(checkSchema.errors ?? []);
  const ruleErrors = isJsonObject(tree) ? crossFieldErrors(tree) : [];
  const ruled = new Set(ruleErrors.map((error) => error.pointer));
  const errors = [
    ...schemaErrors.filter((error) => !(REFINED_BY_RULES.has(error.keyword) && ruled.has(error.pointer))),
    ...ruleErrors,
  ];
  // The tree passed the schema, whose shape PluginManifest mirrors.
  return errors.length === 0
    ? { ok: true, manifest: tree as unknown as PluginManifest }
    : { ok: false, errors: distinct(errors) };
}

/**
 * Checks a submitted manifest against `schemas/manifest.schema.json` and the cross-field rules,
 * and returns every problem at once, each with its JSON pointer and words a person understands.
 * The accepted manifest is a plain copy of what was submitted, so later reads see exactly what was
 * checked. Never throws, whatever it is given.
 */
export function validateManifest(json: unknown): ManifestCheck {
  try {
    return check(json);
  } catch {
    // Only the submitted value's own code can throw here (a getter, a Proxy trap); its message is not ours to echo.
    return { ok: false, errors: [{ pointer: '', message: 'could not be read as JSON data' }] };
  }
}

/** As validateManifest, for callers that answer an invalid manifest with a 400: throws ManifestInvalidError. */
export function assertValidManifest(json: unknown): PluginManifest {
  const result = validateManifest(json);
  if (!result.ok)
    throw new ManifestInvalidError(
      `The manifest is invalid: ${result.errors.length} problem(s).`,
      result.errors,
    );
  return result.manifest;
}
