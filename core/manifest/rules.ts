import type { FieldError } from '../errors';
import { configSchemaErrors } from './config-schema';
import { domainProblem, normalizeDomain } from './domains';
import { isJsonObject, type JsonObject, type JsonValue, pointerTo } from './json-tree';
import { panelErrors } from './panels';
import { secretHostErrors } from './secret-hosts';
import { CLASSIFICATIONS, RESERVED_TRAITS } from './types';

/**
 * The rules no schema expresses: they tie one field to another. They run on whatever was
 * submitted, even when the schema has already refused parts of it, so each reads its fields
 * tolerantly and stays silent about a part of the wrong shape (the schema reports that).
 */

/** The seed's HIPAA guidance: plugins handling PHI support seven years of retention (7 x 365 days). */
export const PHI_RETENTION_DAYS = 2555;

/** Fargate refuses other cpu/memory pairs, but only when a tenant installs; here the author hears of it. */
export const FARGATE_MEMORY: Readonly<Record<number, readonly number[]>> = {
  256: [512, 1024, 2048],
  512: steps(1024, 4096),
  1024: steps(2048, 8192),
  2048: steps(4096, 16384),
  4096: steps(8192, 30720),
};

function steps(from: number, to: number): number[] {
  return Array.from({ length: (to - from) / 1024 + 1 }, (_, index) => from + index * 1024);
}

/** The string entries of a list with their indices; nothing for anything that is not a list. */
const entriesOf = (value: JsonValue | undefined): [number, string][] =>
  Array.isArray(value)
    ? value.flatMap((item, index): [number, string][] => (typeof item === 'string' ? [[index, item]] : []))
    : [];
const stringsOf = (value: JsonValue | undefined) => entriesOf(value).map(([, item]) => item);
const objectOf = (value: JsonValue | undefined): JsonObject => (isJsonObject(value) ? value : {});

const reserved: ReadonlySet<string> = new Set(RESERVED_TRAITS);
/** Personal data is cleared by a trait and a classification together; one without the other is a mistake. */
const PERSONAL_DATA = [
  { trait: 'handles_phi', classification: 'phi', what: 'protected health information' },
  { trait: 'handles_pii', classification: 'pii', what: 'personal information' },
] as const;

function traitErrors(manifest: JsonObject): FieldError[] {
  const errors: FieldError[] = [];
  const traits = stringsOf(manifest.traits);
  const classifications = stringsOf(objectOf(manifest.security).data_classification);
  for (const [index, trait] of entriesOf(manifest.traits)) {
    if (reserved.has(trait)) {
      errors.push({
        pointer: `/traits/${index}`,
        message: `${trait} is reserved for the platform and cannot be requested`,
      });
    }
  }
  const bothListed =
    Array.isArray(manifest.traits) && Array.isArray(objectOf(manifest.security).data_classification);
  for (const { trait, classification, what } of bothListed ? PERSONAL_DATA : []) {
    if (traits.includes(trait) && !classifications.includes(classification)) {
      errors.push({
        pointer: '/security/data_classification',
        message: `must include ${classification}: the plugin declares ${trait}`,
      });
    }
    const index = classifications.indexOf(classification);
    if (index >= 0 && !traits.includes(trait)) {
      errors.push({
        pointer: `/security/data_classification/${index}`,
        message: `needs the ${trait} trait: without it the plugin is never cleared for ${what}`,
      });
    }
  }
  if (traits.includes('handles_phi')) {
    if (!traits.includes('audit_required')) {
      errors.push({
        pointer: '/traits',
        message: 'must include audit_required: the plugin declares handles_phi',
      });
    }
    // Vivified's own rule, kept: PHI is never recorded at the platform's bare floor.
    if (objectOf(manifest.compliance).audit_level === 'basic') {
      errors.push({
        pointer: '/compliance/audit_level',
        message:
          'must be detailed or complete: the plugin declares handles_phi, which is never audited below detailed',
      });
    }
    const retention = objectOf(manifest.compliance).data_retention_days;
    if (typeof retention !== 'number' || retention < PHI_RETENTION_DAYS) {
      errors.push({
        pointer: '/compliance/data_retention_days',
        message: `must be at least ${PHI_RETENTION_DAYS} days (7 years): the plugin declares handles_phi`,
      });
    }
  }
  return errors;
}

function domainErrors(manifest: JsonObject): FieldError[] {
  const errors: FieldError[] = [];
  const domains = entriesOf(manifest.allowed_domains);
  if (stringsOf(manifest.traits).includes('external_service') && domains.length === 0) {
    errors.push({
      pointer: '/allowed_domains',
      message: 'must list at least one host: the plugin declares external_service',
    });
  }
  const seen = new Map<string, { readonly index: number; readonly entry: string }>();
  for (const [index, entry] of domains) {
    const problem = domainProblem(entry);
    if (problem !== undefined) {
      errors.push({ pointer: `/allowed_domains/${index}`, message: problem });
      continue;
    }
    const host = normalizeDomain(entry);
    const earlier = seen.get(host);
    // Identical spellings are the schema's uniqueItems; this catches API.Example.com beside api.example.com.
    if (earlier && earlier.entry !== entry) {
      errors.push({
        pointer: `/allowed_domains/${index}`,
        message: `is the same host as entry ${earlier.index}`,
      });
    }
    if (!earlier) seen.set(host, { index, entry });
  }
  return errors;
}

function runtimeErrors(manifest: JsonObject): FieldError[] {
  const { cpu, memory } = objectOf(manifest.runtime);
  const sizes = typeof cpu === 'number' ? FARGATE_MEMORY[cpu] : undefined;
  if (!sizes || typeof memory !== 'number' || !Number.isInteger(memory) || sizes.includes(memory)) return [];
  const choices =
    cpu === 256
      ? `${sizes.slice(0, -1).join(', ')} or ${sizes.at(-1)}`
      : `a multiple of 1024 from ${sizes[0]} to ${sizes.at(-1)}`;
  return [
    {
      pointer: '/runtime/memory',
      message: `must be ${choices} MiB for ${cpu} CPU units (the Fargate task sizes)`,
    },
  ];
}

/** A plugin cannot serve data it is not itself cleared to handle. */
function exposedOperationErrors(manifest: JsonObject): FieldError[] {
  const rank = (classification: string) => (CLASSIFICATIONS as readonly string[]).indexOf(classification);
  const declared = stringsOf(objectOf(manifest.security).data_classification).filter((c) => rank(c) >= 0);
  // Without a known classification there is nothing to compare with; the schema refuses that.
  if (declared.length === 0) return [];
  const highest = Math.max(...declared.map(rank));
  const errors: FieldError[] = [];
  for (const [name, operation] of Object.entries(objectOf(objectOf(manifest.operations).exposes))) {
    const classification = objectOf(operation).data_classification;
    if (typeof classification !== 'string' || rank(classification) < 0) continue;
    // As policy clears callers: pii and phi must each be declared; a lower rung is covered by any higher one.
    const personal = classification === 'pii' || classification === 'phi';
    if (personal ? declared.includes(classification) : rank(classification) <= highest) continue;
    errors.push({
      pointer: pointerTo(['operations', 'exposes', name, 'data_classification']),
      message: `must be within the plugin's own data classifications (${declared.join(', ')})`,
    });
  }
  return errors;
}

export function crossFieldErrors(manifest: JsonObject): FieldError[] {
  return [
    ...traitErrors(manifest),
    ...domainErrors(manifest),
    ...runtimeErrors(manifest),
    ...exposedOperationErrors(manifest),
    ...(isJsonObject(manifest.config) ? configSchemaErrors(manifest.config) : []),
    ...secretHostErrors(manifest),
    ...panelErrors(manifest),
  ];
}
