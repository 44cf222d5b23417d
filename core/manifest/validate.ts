import { isIP } from 'node:net';
import { domainToASCII } from 'node:url';
import type { ErrorObject } from 'ajv';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import manifestSchema from '../../schemas/manifest.schema.json';
import { type FieldError, ManifestInvalidError } from '../errors';
import { type PluginManifest, RESERVED_TRAITS } from './types';

// Compiled once per process; `strict: false` because the schema documents itself with keywords
// (`description`) ajv would otherwise want declared.
const ajv = new Ajv2020({ allErrors: true, strict: false });
const checkSchema = ajv.compile(manifestSchema);
// The plugin's own config schema is compiled by a separate instance: it is foreign input.
const configAjv = new Ajv2020({ allErrors: true, strict: false });
configAjv.addKeyword({ keyword: 'x-secret', schemaType: 'boolean' });
addFormats(configAjv);

/** RFC 6901 escaping of one pointer segment. */
const segment = (name: string) => name.replaceAll('~', '~0').replaceAll('/', '~1');

function pointerOf(error: ErrorObject): string {
  const params = error.params as { missingProperty?: string; additionalProperty?: string };
  if (error.keyword === 'required') return `${error.instancePath}/${segment(params.missingProperty ?? '')}`;
  if (error.keyword === 'additionalProperties')
    return `${error.instancePath}/${segment(params.additionalProperty ?? '')}`;
  return error.instancePath;
}

/** ajv's messages rewritten for people who write manifests, not for people who write validators. */
function messageOf(error: ErrorObject): string {
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'required':
      return 'is required';
    case 'additionalProperties':
      return 'is not a manifest field';
    case 'enum':
      return `must be one of: ${(params.allowedValues as unknown[]).join(', ')}`;
    case 'const':
      return `must be ${JSON.stringify(params.allowedValue)}`;
    case 'pattern':
      return error.instancePath === '/version' || error.instancePath.endsWith('/version')
        ? 'must be a semantic version such as 1.2.3'
        : error.instancePath === '/id'
          ? 'must be 2-63 lower-case letters, digits or hyphens, starting with a letter or digit'
          : `must match ${String(params.pattern)}`;
    case 'type':
      return `must be ${params.type === 'array' ? 'a list' : params.type === 'object' ? 'an object' : `a ${String(params.type)}`}`;
    case 'uniqueItems':
      return 'must not list the same entry twice';
    case 'minItems':
      return `must list at least ${String(params.limit)}`;
    default:
      return error.message ?? 'is invalid';
  }
}

const HOST_LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;

/** Why an allowed_domains entry is not a host name or `*.` wildcard, or undefined when it is one. */
function domainProblem(entry: string): string | undefined {
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(entry))
    return 'must be a host name without a scheme (e.g. api.example.com)';
  if (/[/?#]/.test(entry)) return 'must be a host name without a path';
  if (entry.includes('@')) return 'must be a host name without user information';
  const bare = entry.startsWith('[') ? entry.slice(1, entry.indexOf(']')) : entry;
  if (isIP(bare) !== 0 || /^[0-9.]+$/.test(entry) || /^0x[0-9a-f]+$/i.test(entry)) {
    return 'must be a host name, not an IP address (the proxy lane resolves and checks addresses itself)';
  }
  if (/:\d*$/.test(entry)) return 'must be a host name without a port';
  const name = entry.startsWith('*.') ? entry.slice(2) : entry;
  const ascii = domainToASCII(name.replace(/\.$/, ''));
  const labels = ascii.split('.');
  if (!ascii || ascii.length > 253 || labels.length < 2 || !labels.every((l) => HOST_LABEL.test(l))) {
    return 'must be a host name (labels of letters, digits and hyphens) or a *. wildcard over one';
  }
  return undefined;
}

/** The rules no schema can express: they tie fields to each other. */
function crossFieldErrors(manifest: PluginManifest): FieldError[] {
  const errors: FieldError[] = [];
  const traits = manifest.traits ?? [];
  const classifications = manifest.security?.data_classification ?? [];
  traits.forEach((trait, index) => {
    if ((RESERVED_TRAITS as readonly string[]).includes(trait)) {
      errors.push({
        pointer: `/traits/${index}`,
        message: `${trait} is reserved for the platform and cannot be requested`,
      });
    }
  });
  if (traits.includes('handles_phi')) {
    if (!traits.includes('audit_required'))
      errors.push({ pointer: '/traits', message: 'handles_phi requires the audit_required trait' });
    if (!classifications.includes('phi')) {
      errors.push({
        pointer: '/security/data_classification',
        message: 'handles_phi requires the phi classification',
      });
    }
    if ((manifest.compliance?.data_retention_days ?? 0) < 2555) {
      errors.push({
        pointer: '/compliance/data_retention_days',
        message: 'handles_phi requires a retention of at least 2555 days (7 years)',
      });
    }
  }
  if (traits.includes('handles_pii') && !classifications.includes('pii')) {
    errors.push({
      pointer: '/security/data_classification',
      message: 'handles_pii requires the pii classification',
    });
  }
  if (traits.includes('external_service') && !(manifest.allowed_domains?.length ?? 0)) {
    errors.push({
      pointer: '/allowed_domains',
      message: 'external_service requires at least one allowed domain',
    });
  }
  (manifest.allowed_domains ?? []).forEach((entry, index) => {
    const problem = typeof entry === 'string' ? domainProblem(entry) : undefined;
    if (problem) errors.push({ pointer: `/allowed_domains/${index}`, message: problem });
  });
  if (manifest.config !== undefined) {
    try {
      configAjv.compile(manifest.config as Record<string, unknown>);
    } catch (error) {
      errors.push({
        pointer: '/config',
        message: `must be a valid JSON Schema: ${(error as Error).message}`,
      });
    }
  }
  return errors;
}

export type ManifestCheck =
  | { readonly ok: true; readonly manifest: PluginManifest }
  | { readonly ok: false; readonly errors: FieldError[] };

/**
 * Checks a manifest against the schema and the cross-field rules and returns every problem at
 * once, each with its JSON pointer. Never throws, whatever it is given: unexpected input (a
 * cyclic object, a getter that throws) is reported as an error at the root.
 */
export function validateManifest(json: unknown): ManifestCheck {
  try {
    const valid = checkSchema(json);
    const errors: FieldError[] = valid
      ? []
      : (checkSchema.errors ?? []).map((e) => ({ pointer: pointerOf(e), message: messageOf(e) }));
    // Cross-field rules only make sense on an object; they tolerate missing parts.
    if (typeof json === 'object' && json !== null && !Array.isArray(json)) {
      errors.push(...crossFieldErrors(json as PluginManifest));
    }
    const unique = [...new Map(errors.map((e) => [`${e.pointer} ${e.message}`, e])).values()];
    return unique.length === 0
      ? { ok: true, manifest: json as PluginManifest }
      : { ok: false, errors: unique };
  } catch (error) {
    return {
      ok: false,
      errors: [{ pointer: '', message: `could not be read as a manifest: ${(error as Error).message}` }],
    };
  }
}

/** As validateManifest, for callers that answer invalid manifests with a 400: throws ManifestInvalidError. */
export function assertValidManifest(json: unknown): PluginManifest {
  const check = validateManifest(json);
  if (!check.ok) throw new ManifestInvalidError('The manifest is invalid.', check.errors);
  return check.manifest;
}
