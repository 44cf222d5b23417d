import { createPlugin } from '../../../sdk/node/src';
import manifest from '../manifest.json';
import { type FhirBundle, newPatients, userCreatedOf } from './patients';

const plugin = createPlugin({ manifest });
let since = '';
let timer: NodeJS.Timeout | undefined;

/**
 * One round: read the feed through the proxy lane, file each new patient's record in storage
 * (operator lane), then announce the user (canonical lane). The cursor moves past a patient only
 * once both succeeded, so a failure is retried on the next round rather than lost.
 */
async function syncOnce(feedUrl: string): Promise<void> {
  const url = new URL(feedUrl);
  if (since) url.searchParams.set('_since', since);
  const response = await plugin.fetch(url, { headers: { accept: 'application/fhir+json' } });
  if (!response.ok) throw new Error(`The EHR feed answered ${response.status}.`);
  const { patients } = newPatients((await response.json()) as FhirBundle, since);
  for (const patient of patients) {
    await plugin.call('storage', 'putDocument', {
      documentId: `patients/${patient.id}`,
      contentType: 'application/fhir+json',
      content: patient,
    });
    const user = userCreatedOf(patient);
    if ('data' in user) await plugin.publish('UserCreated.v1', user.data);
    else console.warn(`not announced: ${user.skipped}`);
    since = patient.meta?.lastUpdated ?? since;
    console.log(`synced patient ${patient.id}`);
  }
}

async function round(): Promise<void> {
  let pollSeconds = 30;
  try {
    const { values } = await plugin.config<{ feedUrl: string; pollSeconds?: number }>();
    pollSeconds = values.pollSeconds ?? pollSeconds;
    await syncOnce(values.feedUrl);
  } catch (error) {
    console.error(`sync round failed: ${(error as Error).message}`);
  }
  timer = setTimeout(() => void round(), pollSeconds * 1000);
}

process.once('SIGTERM', () => clearTimeout(timer));
plugin.start().then(
  () => void round(),
  (error: unknown) => {
    console.error(`could not start: ${(error as Error).message}`);
    process.exit(1);
  },
);
