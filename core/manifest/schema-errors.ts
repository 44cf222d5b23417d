import type { ErrorObject } from 'ajv';
import manifestSchema from '../../schemas/manifest.schema.json';
import type { FieldError } from '../errors';
import { escapeSegment } from './json-tree';

/**
 * ajv's errors rewritten for the people who write manifests: each names the field it is about
 * (JSON pointer) and says what would be right, in the manifest's words rather than the validator's.
 */

/** A translated error, still carrying the ajv keyword so the caller can let a more precise rule win. */
export interface SchemaFieldError extends FieldError {
  readonly keyword: string;
}

const { $defs } = manifestSchema;

// Keyed by the pattern itself: ajv's schemaPath is relative to wherever it chose to compile a
// `$ref`, but the pattern text is the same wherever the definition is used.
const PATTERN_WORDS: ReadonlyMap<string, string> = new Map([
  [$defs.pluginId.pattern, 'must be 2 to 63 lower-case letters, digits or hyphens, such as storage-plugin'],
  [$defs.semver.pattern, 'must be a semantic version such as 1.2.3 or 2.0.0-beta.1'],
  [$defs.trait.pattern, 'must be a trait name: a lower-case letter, then lower-case letters, digits or _'],
  [$defs.domain.pattern, 'must be a host name such as api.example.com, or a wildcard such as *.example.com'],
  [$defs.path.pattern, 'must be a path starting with /, without spaces, query or fragment'],
  [$defs.eventType.pattern, 'must be an event type with its version, such as UserCreated.v1'],
  [
    $defs.operationName.pattern,
    'must start with a lower-case letter, then letters, digits, _ or - (at most 64)',
  ],
  [
    $defs.operationCall.pattern,
    "must name another plugin's operation as pluginId.operation, such as storage-plugin.getDocument",
  ],
  [
    manifestSchema.properties.runtime.properties.image.pattern,
    'must be a container image reference without spaces',
  ],
]);

const TYPE_WORDS: Readonly<Record<string, string>> = {
  string: 'a string',
  integer: 'a whole number',
  number: 'a number',
  boolean: 'true or false',
  array: 'a list',
  object: 'an object',
  null: 'null',
};

const listed = (values: readonly unknown[]): string =>
  values.map((value) => (typeof value === 'string' ? value : JSON.stringify(value))).join(', ');

const plural = (count: number, noun: string) => `${count} ${noun}${count === 1 ? '' : 's'}`;
const entries = (count: number) => (count === 1 ? 'one entry' : `${count} entries`);

// Fields of the original Vivified's manifest format, with where their meaning lives here: an
// author bringing a Vivified manifest learns where each one went, not only that it is unknown.
const MIGRATE = '(`vivified manifest migrate` converts a Vivified manifest)';
const MOVED: ReadonlyMap<string, string> = new Map([
  ['/endpoints', `is Vivified's format: operations other plugins call are /operations/exposes ${MIGRATE}`],
  [
    '/health_check',
    `is Vivified's format: the health endpoint is /runtime/health_path and /runtime/port ${MIGRATE}`,
  ],
  ['/resources', `is Vivified's format: the task size is /runtime/cpu and /runtime/memory ${MIGRATE}`],
  [
    '/dependencies',
    `is Vivified's format: operations of other plugins this one calls are /operations/calls ${MIGRATE}`,
  ],
  [
    '/canonical_support',
    `is Vivified's format: event types are /events/subscribes and /events/publishes ${MIGRATE}`,
  ],
  [
    '/rate_limits/requests_per_minute',
    `is Vivified's format: limits here are per lane, /rate_limits/operator_calls_per_minute and /rate_limits/egress_requests_per_minute ${MIGRATE}`,
  ],
  [
    '/security/authentication',
    "is Vivified's format: the platform authenticates every call itself; keep authentication_required: true",
  ],
  [
    '/security/allowed_domains',
    "is Vivified's format: the hosts the proxy lane may reach are /allowed_domains",
  ],
]);

// Vivified wrote these values its own way: the author hears how to spell them here.
const ENUM_HINTS: readonly (readonly [RegExp, string])[] = [
  [
    /^\/compliance\/hipaa_controls\/\d+$/,
    ` (the safeguards of 45 CFR 164.312 (a) to (e) by name; ${MIGRATE.slice(1, -1)} and its citations such as 164.312(b))`,
  ],
  [
    /^\/compliance\/audit_level$/,
    ` (every decision is audited: there is no level below basic; ${MIGRATE.slice(1, -1)} and its levels)`,
  ],
];

type SchemaNode = {
  type?: string;
  required?: string[];
  items?: { enum?: unknown[] };
  properties?: Record<string, SchemaNode>;
};

/** Words for one ajv error, or undefined when another error already says the same thing. */
function messageOf(error: ErrorObject): string | undefined {
  const params = error.params as Record<string, unknown>;
  const limit = Number(params.limit);
  const parent = error.parentSchema as SchemaNode | undefined;
  switch (error.keyword) {
    case 'required': {
      // A missing object names what it must hold, so the author need not look the schema up.
      const wanted = parent?.properties?.[String(params.missingProperty)];
      return wanted?.type === 'object' && wanted.required?.length
        ? `is required: an object with ${wanted.required.join(', ')}`
        : 'is required';
    }
    case 'additionalProperties': {
      const moved = MOVED.get(`${error.instancePath}/${escapeSegment(String(params.additionalProperty))}`);
      if (moved) return moved;
      const known = Object.keys(parent?.properties ?? {});
      return known.length > 0
        ? `is not a known field here (known: ${known.join(', ')})`
        : 'is not allowed here';
    }
    case 'type':
      return `must be ${[params.type]
        .flat()
        .map((type) => TYPE_WORDS[String(type)] ?? String(type))
        .join(' or ')}`;
    case 'enum':
      return `must be one of: ${listed(params.allowedValues as unknown[])}${ENUM_HINTS.find(([path]) => path.test(error.instancePath))?.[1] ?? ''}`;
    case 'const':
      return `must be ${JSON.stringify(params.allowedValue)}`;
    case 'pattern':
      return PATTERN_WORDS.get(String(params.pattern)) ?? 'is not in the expected format';
    case 'uniqueItems':
      return `repeats entry ${Math.min(Number(params.i), Number(params.j))}`;
    case 'minItems': {
      // An empty list of fixed choices names them.
      const choices = parent?.items?.enum;
      return choices
        ? `must list at least ${entries(limit)} of: ${listed(choices)}`
        : `must list at least ${entries(limit)}`;
    }
    case 'maxItems':
      return `must list at most ${entries(limit)}`;
    case 'minLength':
      return limit === 1 ? 'must not be empty' : `must be at least ${plural(limit, 'character')} long`;
    case 'maxLength':
      return `must be at most ${plural(limit, 'character')} long`;
    case 'minimum':
      return `must be at least ${limit}`;
    case 'maximum':
      return `must be at most ${limit}`;
    case 'maxProperties':
      return `must have at most ${limit} entries`;
    case 'propertyNames':
      // ajv reports the failing name twice: through the name's own schema (kept) and here.
      return undefined;
    default:
      return error.message ?? 'is invalid';
  }
}

/** Where an error is: the missing, extra or misnamed member itself rather than its parent object. */
function pointerOf(error: ErrorObject): string {
  const params = error.params as Record<string, unknown>;
  if (error.propertyName !== undefined) return `${error.instancePath}/${escapeSegment(error.propertyName)}`;
  if (error.keyword === 'required')
    return `${error.instancePath}/${escapeSegment(String(params.missingProperty))}`;
  if (error.keyword === 'additionalProperties') {
    return `${error.instancePath}/${escapeSegment(String(params.additionalProperty))}`;
  }
  if (error.keyword === 'uniqueItems') {
    return `${error.instancePath}/${Math.max(Number(params.i), Number(params.j))}`;
  }
  return error.instancePath;
}

export function translateSchemaErrors(errors: readonly ErrorObject[]): SchemaFieldError[] {
  return errors.flatMap((error) => {
    const words = messageOf(error);
    if (words === undefined) return [];
    const message = error.propertyName === undefined ? words : `is not a valid name: ${words}`;
    return [{ pointer: pointerOf(error), message, keyword: error.keyword }];
  });
}
