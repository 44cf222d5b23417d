import { AUDIT_LEVELS, type ManifestAuditLevel, type PluginManifest } from '../manifest/types';

/**
 * How much a lane records about one request, from a manifest's `compliance.audit_level`. A plugin
 * may ask for more than the platform records (detailed, complete), never less: the floor is
 * basic, and detailed for a plugin handling PHI, whatever it declares (the validator refuses a
 * PHI manifest declaring basic; a stored one is still held to the floor here).
 */
export function auditDetailOf(manifest: Pick<PluginManifest, 'traits' | 'compliance'>): ManifestAuditLevel {
  const floor: ManifestAuditLevel = manifest.traits.includes('handles_phi') ? 'detailed' : 'basic';
  return higherDetail(floor, manifest.compliance?.audit_level ?? floor);
}

/** The more detailed of two levels: a request between two plugins is recorded as the stricter asks. */
export const higherDetail = (a: ManifestAuditLevel, b: ManifestAuditLevel): ManifestAuditLevel =>
  AUDIT_LEVELS.indexOf(a) >= AUDIT_LEVELS.indexOf(b) ? a : b;

/** Whether a level records at least as much as `wanted`. */
export const recordsAtLeast = (level: ManifestAuditLevel, wanted: ManifestAuditLevel): boolean =>
  AUDIT_LEVELS.indexOf(level) >= AUDIT_LEVELS.indexOf(wanted);
