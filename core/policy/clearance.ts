import { CLASSIFICATIONS, type DataClassification, type PluginManifest } from '../manifest/types';

/** Personal data needs an explicit trait on top of the declared classification. */
const TRAIT_FOR_PERSONAL_DATA: Readonly<Partial<Record<string, string>>> = {
  pii: 'handles_pii',
  phi: 'handles_phi',
};

const rank = (classification: string) => (CLASSIFICATIONS as readonly string[]).indexOf(classification);

/**
 * Why a plugin may not see data of `classification`, or undefined when it may. The rule, for all
 * three lanes:
 *
 * - `phi` only with the `handles_phi` trait and `phi` declared; `pii` only with `handles_pii` and
 *   `pii` declared. Neither implies the other: PHI clearance is not a licence for other PII.
 * - `public`, `internal`, `confidential` form a ladder: a plugin is cleared up to the most
 *   sensitive classification it declares (one that declares `pii` may see `confidential`).
 *   Public data is cleared for everyone.
 * - A classification the platform does not know is never cleared (fail closed).
 */
export function clearanceGap(
  manifest: PluginManifest,
  classification: DataClassification,
): string | undefined {
  const declared = manifest.security.data_classification;
  if (rank(classification) < 0) {
    return `${JSON.stringify(classification)} is not a known data classification`;
  }
  const trait = TRAIT_FOR_PERSONAL_DATA[classification];
  if (trait !== undefined) {
    const missing = [
      ...(manifest.traits.includes(trait) ? [] : [`the ${trait} trait`]),
      ...(declared.includes(classification) ? [] : [`${classification} in security.data_classification`]),
    ];
    if (missing.length === 0) return undefined;
    return `${classification} data requires ${missing.join(' and ')}, which plugin ${manifest.id} does not declare`;
  }
  const highest = Math.max(0, ...declared.map(rank));
  if (highest >= rank(classification)) return undefined;
  const list = declared.length > 0 ? declared.join(', ') : 'none';
  return `plugin ${manifest.id} declares data classifications ${list}, which do not cover ${classification} data`;
}
