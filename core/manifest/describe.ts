import type { PluginManifest } from './types';

const TRAIT_WORDS: Readonly<Record<string, string>> = {
  handles_phi: 'Handles protected health information (PHI)',
  handles_pii: 'Handles personal information (PII)',
  audit_required: 'Has every action it takes audited',
  external_service: 'Talks to services outside the platform',
  read_only: 'Only reads data',
};

const CLASS_WORDS: Readonly<Record<string, string>> = {
  public: 'public',
  internal: 'internal',
  confidential: 'confidential',
  pii: 'personal (PII)',
  phi: 'health (PHI)',
};

/** A plugin's permissions in plain words, for consent in the console and the CLI. */
export function describePermissions(manifest: PluginManifest): string[] {
  const lines: string[] = [];
  for (const trait of manifest.traits) lines.push(TRAIT_WORDS[trait] ?? `Declares the trait ${trait}`);
  lines.push(`Sees ${manifest.security.data_classification.map((c) => CLASS_WORDS[c] ?? c).join(', ')} data`);
  for (const domain of manifest.allowed_domains ?? []) {
    lines.push(
      domain.startsWith('*.')
        ? `Sends requests to any host under ${domain.slice(2)}`
        : `Sends requests to ${domain}`,
    );
  }
  for (const type of manifest.events?.publishes ?? []) lines.push(`Publishes ${type} events`);
  for (const type of manifest.events?.subscribes ?? []) lines.push(`Receives ${type} events`);
  for (const call of manifest.operations?.calls ?? []) lines.push(`Calls ${call}`);
  for (const [name, op] of Object.entries(manifest.operations?.exposes ?? {})) {
    lines.push(
      `Offers the operation ${name} (${CLASS_WORDS[op.data_classification] ?? op.data_classification} data) to other plugins`,
    );
  }
  return lines;
}
