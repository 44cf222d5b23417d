import { randomUUID } from 'node:crypto';
import { Bench } from 'tinybench';
import { chunkEntries, redact, stampEvent, toPutEventsEntry, validateEventData } from '../core/canonical';
import { clearanceFromView } from '../core/lanes/clearance-view';
import { decide } from '../core/policy';
import { intakeManifest } from '../test/support/manifests';
import { report } from './report';

// The canonical lane's in-process work per batch of 10 events — decide, validate, stamp, one
// redacted copy per subscriber view, batch — against ajv validation alone, in the same process.
const publisher = {
  kind: 'plugin' as const,
  tenantId: 't',
  installationId: 'i',
  pluginId: 'intake',
  manifest: intakeManifest(),
};
const views = ['public+internal+confidential+pii+phi', 'public+internal+confidential+pii', 'public+internal'];
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

const bench = new Bench({ time: 2_000 });
bench
  .add('baseline: ajv validation of 10 events', () => {
    for (const d of batch) validateEventData('UserCreated.v1', d);
  })
  .add('lane: decide + validate + stamp + 3 redacted copies + batch', () => {
    const entries = [];
    for (const d of batch) {
      decide(publisher, 'canonical.publish', {
        tenantId: 't',
        eventType: 'UserCreated.v1',
        classification: 'phi',
      });
      validateEventData('UserCreated.v1', d);
      const event = stampEvent({
        id: randomUUID(),
        type: 'UserCreated.v1',
        data: d,
        tenantId: 't',
        installationId: 'i',
        pluginId: 'intake',
        traceId: 'x',
        time: '2026-11-24T10:00:00.000Z',
      });
      for (const view of views) {
        const copy = redact(event, clearanceFromView(view));
        entries.push(toPutEventsEntry(copy.event, 'bus', { view, redacted: copy.redacted }));
      }
    }
    chunkEntries(entries);
  });

await bench.run();
report('Canonical publish (events/s as batches of 10)', bench, {
  target: 'lane ≥ 50% of the validation-only rate, per the issue; here with 3 subscriber views',
});
