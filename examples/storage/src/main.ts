import { createPlugin } from '../../../sdk/node/src';
import manifest from '../manifest.json';
import { documentStore } from './documents';
import { documentsPanel } from './panel';

// Only plugins whose manifests declare these calls, and whose clearance covers PHI, get through the
// operator lane to here; the SDK checks the platform's signature on every call.
const plugin = createPlugin({ manifest });
const documents = documentStore();

plugin
  .expose('putDocument', (payload, caller) => documents.put(payload, caller.installationId))
  .expose('getDocument', (payload) => documents.get(payload))
  .expose('documentsPanel', () => documentsPanel(documents.list()));

plugin.start().then(
  () => console.log(`storage ${manifest.version} serving on port ${plugin.environment.port}`),
  (error: unknown) => {
    console.error(`could not start: ${(error as Error).message}`);
    process.exit(1);
  },
);
