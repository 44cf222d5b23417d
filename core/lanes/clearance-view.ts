import { mayReceive, type SubscriberClearance } from '../canonical/clearance';
import type { PluginManifest } from '../manifest/types';
import { CLASSIFICATIONS, type DataClassification } from '../manifest/types';

/**
 * The redaction view a subscriber gets: the classifications it may receive, joined
 * (`public+internal+pii`). Two subscribers with the same view get identical redactions, so the
 * canonical lane publishes one redacted copy per view and each subscription rule matches only its
 * own view: data a subscriber may not see never reaches its queue, nor even its rule.
 */
export function clearanceView(clearance: SubscriberClearance): string {
  return CLASSIFICATIONS.filter((classification) => mayReceive(clearance, classification)).join('+');
}

export const clearanceOf = (manifest: PluginManifest): SubscriberClearance => ({
  traits: manifest.traits,
  classifications: manifest.security.data_classification,
});

export const viewOf = (manifest: PluginManifest): string => clearanceView(clearanceOf(manifest));

/** A clearance that receives exactly a view's classifications: for subscribers known only by their view. */
export function clearanceFromView(view: string): SubscriberClearance {
  const classes = view.split('+') as DataClassification[];
  return {
    traits: [
      ...(classes.includes('pii') ? ['handles_pii'] : []),
      ...(classes.includes('phi') ? ['handles_phi'] : []),
    ],
    classifications: classes,
  };
}
