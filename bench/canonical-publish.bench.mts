import { randomUUID } from 'node:crypto';
import { Bench } from 'tinybench';
import {
  chunkEntries,
  type PutEventsEntry,
  redact,
  sealEventData,
  stampEvent,
  toPutEventsEntry,
  validateEventData,
} from '../core/canonical';
import { clearanceFromView } from '../core/lanes/clearance-view';
import { decide } from '../core/policy';
import { intakeManifest } from '../test/support/manifests';
import { report } from './report';

// The canonical lane's in-process work per batch of 10 events — decide, validate (sealing the data),
// stamp, one redacted copy per subscriber view, batch — against ajv validation alone, in the same
// process. The same steps functions/lanes/canonical/api.ts takes, without HTTP and EventBridge.
const publisher = {
  kind: 'plugin' as const,
  tenantId: 't',
  installationId: 'i',
  pluginId: 'intake',
  manifest: intakeManifest(),
};
const ALL_VIEWS = [
  'public+internal+confidential+pii+phi',
  'public+internal+confidential+pii',
  'public+internal',
];
const data = (n: number) => ({
  userId: `u-${n}`,
  email: `p${n}@clinic.example`,
  name: `Patient ${n}`,
  dateOfBirth: '1980-02-29',
  mrn: `MRN-${n}`,
  roles: ['patient'],
  createdAt: '2026-11-24T10:00:00Z',
});
const batch = Array.from({ length: 10 }, (_, i) => data(i));

function publish(views: readonly string[]): void {
  const clearances = views.map((view) => [view, clearanceFromView(view)] as const);
  const entries: PutEventsEntry[] = [];
  for (const d of batch) {
    decide(publisher, 'canonical.publish', {
      tenantId: 't',
      eventType: 'UserCreated.v1',
      classification: 'phi',
    });
    const check = sealEventData('UserCreated.v1', d);
    if (!check.ok) throw new Error('bench data must be valid');
    const event = stampEvent({
      id: randomUUID(),
      type: 'UserCreated.v1',
      data: check.data,
      tenantId: 't',
      installationId: 'i',
      pluginId: 'intake',
      traceId: 'x',
      time: '2026-11-24T10:00:00.000Z',
    });
    for (const [view, clearance] of clearances) {
      const copy = redact(event, clearance);
      entries.push(toPutEventsEntry(copy.event, 'bus', { view, redacted: copy.redacted }));
    }
  }
  chunkEntries(entries);
}

const bench = new Bench({ time: Number(process.env.BENCH_TIME_MS ?? 1_500) });
bench
  .add('baseline: ajv validation of 10 events', () => {
    for (const d of batch) validateEventData('UserCreated.v1', d);
  })
  .add('lane, 1 subscriber view: decide + validate + stamp + redact + batch', () =>
    publish(ALL_VIEWS.slice(0, 1)),
  )
  .add('lane, 3 subscriber views: decide + validate + stamp + 3 redacted copies + batch', () =>
    publish(ALL_VIEWS),
  );

await bench.run();
report('Canonical publish (events/s as batches of 10)', bench, {
  target: 'lane ≥ 50% of the validation-only rate (issue 9)',
});
