import { secretBindings } from '../config/secret-hosts';
import { auditDetailOf } from '../policy/audit-detail';
import { normalizeDomain } from './domains';
import type { DataClassification, HipaaControl, ManifestAuditLevel, PluginManifest } from './types';

/**
 * A plugin's permissions as sentences a tenant administrator consents to, in the console and the
 * CLI. Every permission the manifest asks for appears; nothing is summarised away.
 */

const TRAIT_SENTENCES: Readonly<Record<string, string>> = {
  handles_phi: 'Handles protected health information (PHI)',
  handles_pii: 'Handles personally identifiable information (PII)',
  audit_required: 'Has every action it takes recorded in the audit log',
  external_service: 'Connects to services outside the platform',
  read_only: 'Declares that it only reads data',
};

const CLASSIFICATION_WORDS: Readonly<Record<DataClassification, string>> = {
  public: 'public',
  internal: 'internal',
  confidential: 'confidential',
  pii: 'personal (PII)',
  phi: 'health (PHI)',
};

const inWords = (items: readonly string[]): string =>
  items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;

/**
 * A host as shown for consent. An international name also shows the ASCII form the proxy lane
 * connects to, so a look-alike (a Cyrillic "а" in "аpple.com") cannot pass for the real host.
 */
function hostInWords(host: string): string {
  return /[^\u0020-\u007e]/.test(host) ? `${host} (${normalizeDomain(host)})` : host;
}

/** An allowlist entry in words: a host, or every host under a domain. */
const entryInWords = (entry: string): string =>
  entry.startsWith('*.') ? `any host under ${hostInWords(entry.slice(2))}` : hostInWords(entry);

/**
 * Where each secret setting may be sent. A tenant gives the plugin these values, so it is told
 * which hosts each one reaches: the declared ones (`x-secret-hosts`), or else the allowlist above.
 */
function secretSentences(manifest: PluginManifest): string[] {
  return secretBindings(manifest.config, manifest.allowed_domains).map((binding) =>
    binding.declared
      ? `Sends the secret ${binding.name} only to ${inWords(binding.hosts.map(entryInWords))}`
      : binding.hosts.length > 0
        ? `Sends the secret ${binding.name} to any allowlisted host`
        : `Sends the secret ${binding.name} nowhere: it has no allowlisted host`,
  );
}

const SAFEGUARD_WORDS: Readonly<Record<HipaaControl, string>> = {
  access_control: 'access control (164.312(a))',
  audit_controls: 'audit controls (164.312(b))',
  integrity: 'integrity (164.312(c))',
  person_or_entity_authentication: 'person or entity authentication (164.312(d))',
  transmission_security: 'transmission security (164.312(e))',
};

// Basic is every plugin's floor and says nothing about this one; a higher level is a commitment shown.
const LEVEL_SENTENCES: Readonly<Record<Exclude<ManifestAuditLevel, 'basic'>, string>> = {
  detailed:
    'Is audited at level detailed: every decision, and the size, status and route of each request it sends or calls',
  complete:
    'Is audited at level complete: as detailed, with the names (never the values) of the headers and fields it sends',
};

/** What the plugin states about HIPAA and how closely it is audited: what it is held to, in words. */
function complianceSentences(manifest: PluginManifest): string[] {
  const controls = manifest.compliance?.hipaa_controls ?? [];
  const level = auditDetailOf(manifest);
  return [
    ...(controls.length > 0
      ? [`States it implements the HIPAA safeguards ${inWords(controls.map((c) => SAFEGUARD_WORDS[c] ?? c))}`]
      : []),
    ...(level === 'basic' ? [] : [LEVEL_SENTENCES[level]]),
  ];
}

/**
 * A panel shows plugin-made pages inside the console to some of the tenant's people: who sees it
 * is a permission the administrator consents to, like what the plugin may call.
 */
function panelSentences(manifest: PluginManifest): string[] {
  return (manifest.ui?.panels ?? []).map(
    (panel) =>
      `Shows the console panel "${panel.title}" (served by ${panel.operation}) to ${inWords(['admin', ...panel.roles.filter((role) => role !== 'admin')])}`,
  );
}

export function describePermissions(manifest: PluginManifest): string[] {
  const sentences: string[] = manifest.traits.map(
    (trait) => TRAIT_SENTENCES[trait] ?? `Declares the trait ${trait}`,
  );
  const classifications = manifest.security.data_classification.map((c) => CLASSIFICATION_WORDS[c] ?? c);
  if (classifications.length > 0) sentences.push(`Works with ${inWords(classifications)} data`);
  for (const entry of manifest.allowed_domains ?? [])
    sentences.push(`Sends requests to ${entryInWords(entry)}`);
  sentences.push(...secretSentences(manifest));
  for (const type of manifest.events?.publishes ?? []) sentences.push(`Publishes ${type} events`);
  for (const type of manifest.events?.subscribes ?? []) sentences.push(`Subscribes to ${type} events`);
  for (const call of manifest.operations?.calls ?? []) sentences.push(`Calls ${call}`);
  for (const [name, operation] of Object.entries(manifest.operations?.exposes ?? {})) {
    sentences.push(
      `Lets other plugins call ${name} (${operation.method} ${operation.path}) with ${CLASSIFICATION_WORDS[operation.data_classification] ?? operation.data_classification} data`,
    );
  }
  sentences.push(...complianceSentences(manifest));
  sentences.push(...panelSentences(manifest));
  return sentences;
}
