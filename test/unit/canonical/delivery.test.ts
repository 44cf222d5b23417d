import { describe, expect, it } from 'vitest';
import { fromEventBridge, redact, stampEvent, toPutEventsEntry } from '../../../core/canonical';
import { delivered, pluginDraft } from './fixtures';

describe('redacted copies on the bus', () => {
  it('names the view and the removed fields in the detail, and still parses back', () => {
    const event = stampEvent(pluginDraft('UserCreated.v1'));
    const copy = redact(event, { traits: ['handles_pii'], classifications: ['pii'] });

    const entry = toPutEventsEntry(copy.event, 'bus', {
      view: 'public+internal+confidential+pii',
      redacted: copy.redacted,
    });

    const detail = JSON.parse(entry.Detail);
    expect(detail.view).toBe('public+internal+confidential+pii');
    expect(detail.redacted).toEqual(copy.redacted);
    expect(copy.redacted.length).toBeGreaterThan(0);
    expect(fromEventBridge(delivered(entry)).data).toEqual(copy.event.data);
  });

  it('accepts a copy without required fields only where they were withheld', () => {
    const event = stampEvent(pluginDraft('UserCreated.v1'));
    const copy = redact(event, { traits: [], classifications: ['internal'] });
    const entry = toPutEventsEntry(copy.event, 'bus', { view: 'public+internal', redacted: copy.redacted });
    const unlabelled = toPutEventsEntry(copy.event, 'bus', { view: 'public+internal', redacted: [] });

    expect(copy.redacted).toContain('/data/email');
    expect(fromEventBridge(delivered(entry)).data).not.toHaveProperty('email');
    expect(() => fromEventBridge(delivered(unlabelled))).toThrow('not a valid canonical event');
  });

  it('leaves the detail unchanged without a delivery', () => {
    const detail = JSON.parse(toPutEventsEntry(stampEvent(pluginDraft('UserCreated.v1')), 'bus').Detail);

    expect(detail).not.toHaveProperty('view');
    expect(detail).not.toHaveProperty('redacted');
  });
});
