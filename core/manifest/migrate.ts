import type { FieldError } from '../errors';
import { escapeSegment, isJsonObject, type JsonObject, type JsonValue, readJsonTree } from './json-tree';
import { FARGATE_MEMORY } from './rules';
import {
  CLASSIFICATIONS,
  CONTRACTS,
  type DataClassification,
  HIPAA_CONTROLS,
  type HipaaControl,
  type PluginManifest,
} from './types';
import { validateManifest } from './validate';

/**
 * Converts a manifest in the original Vivified's format to this platform's. Every field the old
 * format has either moves (said where), is converted (said how), or is dropped (said why and
 * what takes its place); nothing is passed through unexamined. The result is then held to the
 * platform's own validator, so a migration never produces a manifest the platform would refuse:
 * either a valid manifest and the list of changes, or every remaining problem with its pointer.
 * The mapping is documented in docs/migration.md.
 */

/** One thing the migration did, for the author to review. */
export interface MigrationChange {
  /** Where the value was in the Vivified manifest (JSON pointer). */
  readonly from: string;
  /** Where it is now, or undefined when it was dropped. */
  readonly to?: string;
  readonly note: string;
}

export type Migration =
  | { readonly ok: true; readonly manifest: PluginManifest; readonly changes: readonly MigrationChange[] }
  | {
      readonly ok: false;
      readonly errors: readonly FieldError[];
      readonly changes: readonly MigrationChange[];
    };

export interface MigrationOptions {
  /** The container image the plugin runs as: the old format has none. */
  readonly image?: string;
}

/** Port the SDKs listen on unless told otherwise; the old format leaves it to the host. */
const DEFAULT_PORT = 8080;
const DEFAULT_HEALTH_PATH = '/health';

/** Fields carried over under the same name, with the same meaning. */
const SAME = ['id', 'name', 'version', 'description', 'traits', 'config'] as const;

const strings = (value: JsonValue | undefined): string[] =>
  Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];

const mostSensitive = (classes: readonly string[]): DataClassification => {
  const known = CLASSIFICATIONS.filter((c) => classes.includes(c));
  return known.at(-1) ?? 'internal';
};

/** The smallest Fargate size that is at least what was asked for: cpu first, then memory for it. */
export function fargateSizeFor(
  cpuUnits: number,
  memoryMiB: number,
): { cpu: number; memory: number } | undefined {
  for (const cpu of Object.keys(FARGATE_MEMORY).map(Number)) {
    if (cpu < cpuUnits) continue;
    const memory = FARGATE_MEMORY[cpu]!.find((size) => size >= memoryMiB);
    if (memory !== undefined) return { cpu, memory };
  }
  return undefined;
}

/** Vivified gave CPU in cores (0.25, 1) or in units (256); anything up to 16 reads as cores. */
const cpuUnitsOf = (cpu: number) => (cpu <= 16 ? Math.round(cpu * 1024) : Math.round(cpu));

function runtimeOf(legacy: JsonObject, options: MigrationOptions, changes: MigrationChange[]) {
  const resources = isJsonObject(legacy.resources) ? legacy.resources : {};
  const health = legacy.health_check;
  const runtime: Record<string, JsonValue> = {};
  if (options.image !== undefined) runtime.image = options.image;

  const askedCpu = typeof resources.cpu === 'number' ? cpuUnitsOf(resources.cpu) : 256;
  const askedMemory = typeof resources.memory === 'number' ? Math.round(resources.memory) : 512;
  const size = fargateSizeFor(askedCpu, askedMemory);
  if (size) {
    runtime.cpu = size.cpu;
    runtime.memory = size.memory;
    changes.push({
      from: '/resources',
      to: '/runtime/cpu',
      note:
        size.cpu === askedCpu && size.memory === askedMemory
          ? `${size.cpu} CPU units and ${size.memory} MiB, a Fargate task size as given`
          : `asked for ${askedCpu} CPU units and ${askedMemory} MiB; rounded up to the Fargate task size ${size.cpu} units / ${size.memory} MiB`,
    });
  } else {
    // Larger than any Fargate task: left for the validator to refuse with its pointer.
    runtime.cpu = askedCpu;
    runtime.memory = askedMemory;
  }
  for (const key of Object.keys(resources).filter((k) => k !== 'cpu' && k !== 'memory')) {
    changes.push({
      from: `/resources/${escapeSegment(key)}`,
      note: 'dropped: a plugin task has only CPU and memory to size (storage is ephemeral; keep data behind an operation of a storage plugin)',
    });
  }

  runtime.port = isJsonObject(health) && typeof health.port === 'number' ? health.port : DEFAULT_PORT;
  const path = typeof health === 'string' ? health : isJsonObject(health) ? health.path : undefined;
  runtime.health_path = typeof path === 'string' ? path : DEFAULT_HEALTH_PATH;
  changes.push({
    from: '/health_check',
    to: '/runtime/health_path',
    note:
      health === undefined
        ? `none given: the platform checks ${DEFAULT_HEALTH_PATH} on port ${runtime.port}`
        : `health checked at ${runtime.health_path} on port ${runtime.port}; interval and timeout are the platform's (one health round for every installation)`,
  });
  return runtime;
}

function operationsOf(legacy: JsonObject, classes: readonly string[], changes: MigrationChange[]) {
  const operations: Record<string, JsonValue> = {};
  if (legacy.endpoints !== undefined) {
    const exposes: Record<string, JsonValue> = {};
    const classification = mostSensitive(classes);
    for (const [name, target] of Object.entries(isJsonObject(legacy.endpoints) ? legacy.endpoints : {})) {
      const path = typeof target === 'string' ? target : isJsonObject(target) ? target.path : undefined;
      const method =
        isJsonObject(target) && typeof target.method === 'string' ? target.method.toUpperCase() : 'POST';
      exposes[name] = { method, path: path ?? null, data_classification: classification };
    }
    operations.exposes = exposes;
    changes.push({
      from: '/endpoints',
      to: '/operations/exposes',
      note: `each endpoint is an operation other plugins call through the operator lane: method POST unless given (Vivified endpoints took a body), classified ${classification} (the plugin's most sensitive data), so no operation is under-classified; narrow each one you can`,
    });
  }
  const dependencies = Array.isArray(legacy.dependencies)
    ? strings(legacy.dependencies)
    : isJsonObject(legacy.dependencies)
      ? Object.keys(legacy.dependencies)
      : [];
  if (legacy.dependencies !== undefined) {
    const calls = dependencies.filter((d) => d.includes('.'));
    if (calls.length > 0) operations.calls = calls;
    changes.push({
      from: '/dependencies',
      ...(calls.length > 0 ? { to: '/operations/calls' } : {}),
      note:
        calls.length === dependencies.length
          ? 'operations of other plugins this one calls'
          : `a dependency here is an operation, not a plugin: ${dependencies.filter((d) => !d.includes('.')).join(', ')} dropped; list each operation you call as pluginId.operation in operations.calls`,
    });
  }
  return operations;
}

function eventsOf(legacy: JsonObject, changes: MigrationChange[]) {
  const support = isJsonObject(legacy.canonical_support) ? legacy.canonical_support : {};
  const versioned = (types: string[]) => types.map((t) => (/\.v\d+$/.test(t) ? t : `${t}.v1`));
  const events: Record<string, JsonValue> = {};
  for (const [old, now] of [
    ['event_subscriptions', 'subscribes'],
    ['event_publications', 'publishes'],
  ] as const) {
    if (support[old] === undefined) continue;
    const types = strings(support[old]);
    events[now] = versioned(types);
    changes.push({
      from: `/canonical_support/${old}`,
      to: `/events/${now}`,
      note: types.some((t) => !/\.v\d+$/.test(t))
        ? 'event types carry their version here: unversioned names became .v1'
        : 'canonical event types',
    });
  }
  for (const key of Object.keys(support).filter(
    (k) => k !== 'event_subscriptions' && k !== 'event_publications',
  )) {
    changes.push({
      from: `/canonical_support/${escapeSegment(key)}`,
      note: 'dropped: every event is checked against its canonical schema on the canonical lane',
    });
  }
  return events;
}

function securityOf(legacy: JsonObject, changes: MigrationChange[]) {
  const security = isJsonObject(legacy.security) ? legacy.security : {};
  if (security.authentication !== undefined) {
    changes.push({
      from: '/security/authentication',
      note: 'dropped: the platform authenticates every call itself (a per-installation credential to the lanes, a platform-signed token on each operator call); there is nothing to configure',
    });
  }
  const domains = [...strings(legacy.allowed_domains), ...strings(security.allowed_domains)];
  if (security.allowed_domains !== undefined) {
    changes.push({
      from: '/security/allowed_domains',
      to: '/allowed_domains',
      note: 'hosts the proxy lane may reach for this plugin',
    });
  }
  return {
    security: {
      authentication_required: security.authentication_required ?? true,
      data_classification: security.data_classification ?? null,
    },
    domains: [...new Set(domains)],
  };
}

/**
 * Vivified cited HIPAA controls by paragraph (`164.312(a)`, `164.312(a)(1)`, its validator's
 * pattern); here they are the five technical safeguards of 164.312 by name, one per paragraph.
 */
const SAFEGUARD_OF_PARAGRAPH: Readonly<Record<string, HipaaControl>> = {
  a: 'access_control',
  b: 'audit_controls',
  c: 'integrity',
  d: 'person_or_entity_authentication',
  e: 'transmission_security',
};
const CITATION = /^164\.312\(([a-e])\)(\([0-9]+\))*(\([ivx]+\))?$/;

/** Vivified's audit levels as they are here; `none` asks for less than the platform's floor. */
const LEVEL_OF: Readonly<Record<string, string>> = {
  none: 'basic',
  basic: 'basic',
  detailed: 'detailed',
  // Vivified's validator spelled its highest level so; its documentation said complete.
  comprehensive: 'complete',
  complete: 'complete',
};

function hipaaControlsOf(controls: JsonValue, changes: MigrationChange[]): JsonValue {
  if (!Array.isArray(controls)) return controls;
  const converted = controls.map((control) => {
    const paragraph = typeof control === 'string' ? CITATION.exec(control)?.[1] : undefined;
    return paragraph ? SAFEGUARD_OF_PARAGRAPH[paragraph]! : control;
  });
  changes.push({
    from: '/compliance/hipaa_controls',
    to: '/compliance/hipaa_controls',
    note: 'the 45 CFR 164.312 citations became the names of their technical safeguards (164.312(a) access_control, (b) audit_controls, (c) integrity, (d) person_or_entity_authentication, (e) transmission_security); shown to administrators at consent',
  });
  return [...new Set(converted.map((control) => JSON.stringify(control)))].map(
    (text) => JSON.parse(text) as JsonValue,
  );
}

function auditLevelOf(level: JsonValue, changes: MigrationChange[]): JsonValue {
  const now = typeof level === 'string' ? LEVEL_OF[level] : undefined;
  if (now === undefined) return level;
  changes.push({
    from: '/compliance/audit_level',
    to: '/compliance/audit_level',
    note:
      level === 'none'
        ? 'none asks for less than the platform records: every decision is audited, so it became basic, the floor'
        : now === level
          ? 'honoured by the lanes: detailed and complete record more about each request (docs/migration.md)'
          : `${level} is ${now} here: the highest level`,
  });
  return now;
}

function complianceOf(legacy: JsonObject, changes: MigrationChange[]) {
  const compliance = isJsonObject(legacy.compliance) ? legacy.compliance : {};
  const kept: JsonObject = {};
  if (compliance.data_retention_days !== undefined) kept.data_retention_days = compliance.data_retention_days;
  if (compliance.hipaa_controls !== undefined)
    kept.hipaa_controls = hipaaControlsOf(compliance.hipaa_controls, changes);
  if (compliance.audit_level !== undefined) kept.audit_level = auditLevelOf(compliance.audit_level, changes);
  for (const key of Object.keys(compliance).filter(
    (k) => !['hipaa_controls', 'audit_level', 'data_retention_days'].includes(k),
  )) {
    changes.push({ from: `/compliance/${escapeSegment(key)}`, note: 'dropped: no equivalent here' });
  }
  return Object.keys(kept).length === 0 ? undefined : kept;
}

const HANDLED = new Set([
  ...SAME,
  'contracts',
  'security',
  'allowed_domains',
  'resources',
  'health_check',
  'endpoints',
  'dependencies',
  'canonical_support',
  'rate_limits',
  'compliance',
]);

function convert(legacy: JsonObject, options: MigrationOptions, changes: MigrationChange[]): JsonObject {
  const manifest: JsonObject = {};
  for (const key of SAME) if (legacy[key] !== undefined) manifest[key] = legacy[key];
  manifest.contracts = legacy.contracts ?? null;
  const { security, domains } = securityOf(legacy, changes);
  manifest.security = security;
  if (domains.length > 0) manifest.allowed_domains = domains;
  manifest.runtime = runtimeOf(legacy, options, changes);
  const events = eventsOf(legacy, changes);
  if (Object.keys(events).length > 0) manifest.events = events;
  const operations = operationsOf(legacy, strings(security.data_classification), changes);
  if (Object.keys(operations).length > 0) manifest.operations = operations;
  const rateLimits = rateLimitsOf(legacy.rate_limits, changes);
  if (rateLimits) manifest.rate_limits = rateLimits;
  const compliance = complianceOf(legacy, changes);
  if (compliance) manifest.compliance = compliance;
  for (const key of Object.keys(legacy).filter((k) => !HANDLED.has(k))) {
    changes.push({ from: `/${escapeSegment(key)}`, note: 'dropped: not a field of either format' });
  }
  return manifest;
}

/**
 * Vivified's one `requests_per_minute` limited what a plugin sent out: here that is two lanes,
 * calls to other plugins and requests to the internet, each given the same number (and each
 * still capped by the tenant tier's ceiling).
 */
function rateLimitsOf(legacy: JsonValue | undefined, changes: MigrationChange[]): JsonObject | undefined {
  if (legacy === undefined) return undefined;
  const fields = isJsonObject(legacy) ? legacy : {};
  const perMinute = fields.requests_per_minute;
  for (const key of Object.keys(fields).filter((k) => k !== 'requests_per_minute')) {
    changes.push({
      from: `/rate_limits/${escapeSegment(key)}`,
      note: 'dropped: limits here are per minute and per lane (docs/rate-limits.md)',
    });
  }
  if (perMinute === undefined) {
    if (!isJsonObject(legacy)) changes.push({ from: '/rate_limits', note: 'dropped: not an object' });
    return undefined;
  }
  changes.push({
    from: '/rate_limits/requests_per_minute',
    to: '/rate_limits/operator_calls_per_minute',
    note: "the same number for calls to other plugins and for /rate_limits/egress_requests_per_minute; each within the tenant tier's ceiling",
  });
  return { operator_calls_per_minute: perMinute, egress_requests_per_minute: perMinute };
}

/** Errors that only the migration can word: what the author has to supply or choose. */
function migrationErrors(legacy: JsonObject, options: MigrationOptions): FieldError[] {
  const errors: FieldError[] = [];
  if (options.image === undefined)
    errors.push({
      pointer: '/runtime/image',
      message: 'the Vivified format names no container image: give it with --image',
    });
  for (const [index, contract] of strings(legacy.contracts).entries()) {
    if (!(CONTRACTS as readonly string[]).includes(contract))
      errors.push({
        pointer: `/contracts/${index}`,
        message: `${contract} has no equivalent here; choose one of ${CONTRACTS.join(', ')}`,
      });
  }
  const compliance = isJsonObject(legacy.compliance) ? legacy.compliance : {};
  const controls = Array.isArray(compliance.hipaa_controls) ? compliance.hipaa_controls : [];
  for (const [index, control] of controls.entries()) {
    if (typeof control !== 'string') continue;
    if (!CITATION.test(control) && !(HIPAA_CONTROLS as readonly string[]).includes(control))
      errors.push({
        pointer: `/compliance/hipaa_controls/${index}`,
        message: `${control} is not a technical safeguard of 45 CFR 164.312 (a) to (e); the platform knows ${HIPAA_CONTROLS.join(', ')}`,
      });
  }
  return errors;
}

export function migrateVivifiedManifest(input: unknown, options: MigrationOptions = {}): Migration {
  const read = readJsonTree(input);
  if (!read.ok) return { ok: false, errors: read.errors, changes: [] };
  if (!isJsonObject(read.tree))
    return { ok: false, errors: [{ pointer: '', message: 'must be an object' }], changes: [] };
  const legacy = read.tree;
  const changes: MigrationChange[] = [];
  const manifest = convert(legacy, options, changes);
  const own = migrationErrors(legacy, options);
  const checked = validateManifest(manifest);
  if (checked.ok && own.length === 0) return { ok: true, manifest: checked.manifest, changes };
  // The validator's errors point into the new manifest; the migration's own say what to supply.
  const ownPointers = new Set(own.map((e) => e.pointer));
  const rest = checked.ok ? [] : checked.errors.filter((e) => !ownPointers.has(e.pointer));
  return { ok: false, errors: [...own, ...rest], changes };
}
