import { describe, expect, it } from 'vitest';
import { isSealedAs, redact, sealEventData, stampEvent } from '../../../core/canonical';
import { pluginDraft, VALID_DATA, validationErrorOf, validData } from './fixtures';

describe('sealEventData', () => {
  it('returns a frozen deep copy of valid data, remembered as valid for its type only', () => {
    const data = validData('DocumentProcessed.v1');

    const check = sealEventData('DocumentProcessed.v1', data);

    expect(check).toEqual({ ok: true, data: VALID_DATA['DocumentProcessed.v1'] });
    const sealed = (check as { data: unknown }).data as { findings: object[] };
    expect(sealed).not.toBe(data);
    expect(
      Object.isFrozen(sealed) && Object.isFrozen(sealed.findings) && Object.isFrozen(sealed.findings[0]),
    ).toBe(true);
    expect(isSealedAs('DocumentProcessed.v1', sealed)).toBe(true);
    expect(isSealedAs('UserCreated.v1', sealed)).toBe(false);
    expect(isSealedAs('DocumentProcessed.v1', data)).toBe(false);
  });

  it('hands sealed data back as it is, without checking or copying it again', () => {
    const { data } = sealEventData('UserCreated.v1', validData('UserCreated.v1')) as { data: object };

    expect((sealEventData('UserCreated.v1', data) as { data: object }).data).toBe(data);
  });

  it('checks the copy, so data sealed for one type is checked again for another', () => {
    const { data } = sealEventData('UserCreated.v1', validData('UserCreated.v1')) as { data: object };

    expect(sealEventData('PaymentReceived.v1', data).ok).toBe(false);
  });

  it('keeps a __proto__ key as a field, so the schema refuses it instead of it becoming a prototype', () => {
    const data = JSON.parse(
      JSON.stringify(validData('UserCreated.v1')).replace('{', '{"__proto__":{"x":1},'),
    );

    expect(sealEventData('UserCreated.v1', data)).toEqual({
      ok: false,
      errors: [{ pointer: '/data/__proto__', message: 'is not a field of this event; remove it' }],
    });
  });

  it('refuses data nested too deeply to be event data, cycles included', () => {
    const cyclic: Record<string, unknown> = { ...validData('UserCreated.v1') };
    cyclic.self = cyclic;

    expect(sealEventData('UserCreated.v1', cyclic)).toEqual({
      ok: false,
      errors: [{ pointer: '/data', message: 'must not nest deeper than 64 levels' }],
    });
  });

  it('lets an error thrown while reading the data through', () => {
    const data = {
      get userId(): string {
        throw new RangeError('unreadable');
      },
    };

    expect(() => sealEventData('UserCreated.v1', data)).toThrow(RangeError);
  });
});

describe('stamping and redacting sealed data', () => {
  it('stamps a frozen event that shares the sealed data', () => {
    const { data } = sealEventData('UserCreated.v1', validData('UserCreated.v1')) as { data: object };

    const event = stampEvent(pluginDraft('UserCreated.v1', { data }));

    expect(event.data).toBe(data);
    expect(Object.isFrozen(event)).toBe(true);
  });

  it('still refuses an event whose envelope is invalid when its data is sealed', () => {
    const { data } = sealEventData('UserCreated.v1', validData('UserCreated.v1')) as { data: object };

    const error = validationErrorOf(() => stampEvent(pluginDraft('UserCreated.v1', { data, time: 'now' })));

    expect(error.errors.map((e) => e.pointer)).toEqual(['/time']);
  });

  it('shares whatever a redacted copy keeps, and changes only the path to what it removes', () => {
    const event = stampEvent(pluginDraft('DocumentProcessed.v1'));

    const full = redact(event, { traits: ['handles_phi', 'handles_pii'] });
    const none = redact(event, { traits: [] });

    expect(full.event.data).toBe(event.data);
    expect(none.event.data).not.toBe(event.data);
    expect(Object.isFrozen(none.event) && Object.isFrozen(none.event.data)).toBe(true);
    expect(Object.isFrozen((none.event.data as { findings: object[] }).findings)).toBe(true);
    expect(event.data).toEqual(VALID_DATA['DocumentProcessed.v1']);
  });
});
