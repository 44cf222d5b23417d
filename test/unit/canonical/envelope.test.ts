import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type CanonicalEvent,
  fromEventBridge,
  PLATFORM_SOURCE,
  pluginSource,
  stampEvent,
  stampPlatformEvent,
  toPutEventsEntry,
} from '../../../core/canonical';
import { ValidationError } from '../../../core/errors';
import {
  type BuiltInType,
  delivered,
  PLUGIN_TYPES,
  pluginDraft,
  TENANT,
  TIME,
  VALID_DATA,
  validationErrorOf,
  validData,
  XRAY_TRACE,
} from './fixtures';

const BUS = 'vivified-canonical';

const platformDraft = () => {
  const { pluginId: _pluginId, ...draft } = pluginDraft('PluginHealthChanged.v1');
  return draft;
};

describe('stampEvent', () => {
  it('stamps source, classification and the verified tenant onto a plugin event', () => {
    expect(stampEvent(pluginDraft('UserCreated.v1'))).toEqual({
      id: 'evt-1',
      type: 'UserCreated.v1',
      source: 'vivified.plugin.identity',
      tenantId: TENANT,
      installationId: 'inst-1',
      classification: 'phi',
      traceId: XRAY_TRACE,
      time: TIME,
      data: VALID_DATA['UserCreated.v1'],
    });
  });

  it.each<[BuiltInType, string]>([
    ['DocumentProcessed.v1', 'phi'],
    ['PaymentReceived.v1', 'pii'],
  ])('classifies %s as %s whatever the data holds', (type, classification) => {
    expect(stampEvent(pluginDraft(type)).classification).toBe(classification);
  });

  it('keeps its own copy of the data, so the publisher cannot change it after the check', () => {
    const draft = pluginDraft('DocumentProcessed.v1');
    const event = stampEvent(draft);
    (draft.data as { findings: { code: string }[] }).findings[0]!.code = 'Z99.9';

    expect(event.data).toEqual(VALID_DATA['DocumentProcessed.v1']);
  });

  it('refuses invalid data with every failing field', () => {
    const data = { ...validData('UserCreated.v1'), email: 'nope', roles: 'admin' };

    expect(validationErrorOf(() => stampEvent(pluginDraft('UserCreated.v1', { data }))).errors).toEqual([
      { pointer: '/data/email', message: 'must be an email address' },
      { pointer: '/data/roles', message: 'must be a list' },
    ]);
  });

  it('refuses broken envelope fields, each by its own pointer', () => {
    const draft = pluginDraft('UserCreated.v1', {
      tenantId: '',
      installationId: 'inst 1',
      traceId: 'x'.repeat(257),
      time: '14/03/2025',
      id: 'evt\n1',
      pluginId: 'bad plugin',
    });
    const error = validationErrorOf(() => stampEvent(draft));

    expect(error.message).toBe('The event is not a valid canonical event.');
    expect(error.errors).toEqual([
      {
        pointer: '/pluginId',
        message:
          'must be a plugin id: 1 to 128 letters, digits, ".", "_" or "-", starting with a letter or digit',
      },
      {
        pointer: '/id',
        message: 'is not in the expected format: Printable ASCII without spaces, 1 to 256 characters.',
      },
      { pointer: '/tenantId', message: 'must not be empty' },
      {
        pointer: '/installationId',
        message: 'is not in the expected format: Printable ASCII without spaces, 1 to 256 characters.',
      },
      { pointer: '/traceId', message: 'must be at most 256 characters long' },
      {
        pointer: '/time',
        message: 'must be a date and time with a time zone (RFC 3339, e.g. 2025-01-31T09:30:00Z)',
      },
    ]);
  });

  it('refuses a missing plugin id instead of stamping vivified.plugin.undefined', () => {
    const draft = { ...pluginDraft(), pluginId: undefined } as unknown as Parameters<typeof stampEvent>[0];

    expect(validationErrorOf(() => stampEvent(draft)).errors.map((e) => e.pointer)).toEqual(['/pluginId']);
  });

  it('refuses an unknown type', () => {
    const error = validationErrorOf(() => stampEvent({ ...pluginDraft(), type: 'PatientAdmitted.v1' }));

    expect(error.errors).toEqual([
      {
        pointer: '/type',
        message:
          'is not a known canonical event type (known: DocumentProcessed.v1, PaymentReceived.v1, PluginHealthChanged.v1, UserCreated.v1)',
      },
    ]);
  });

  it('refuses a plugin publishing a platform event', () => {
    const error = validationErrorOf(() => stampEvent(pluginDraft('PluginHealthChanged.v1')));

    expect(error.errors).toEqual([
      { pointer: '/type', message: 'is published by the platform only; plugins cannot publish it' },
    ]);
  });
});

describe('stampPlatformEvent', () => {
  it('stamps the platform as the source', () => {
    expect(stampPlatformEvent(platformDraft())).toMatchObject({
      type: 'PluginHealthChanged.v1',
      source: PLATFORM_SOURCE,
      classification: 'internal',
      data: VALID_DATA['PluginHealthChanged.v1'],
    });
  });

  it("refuses to pass a plugin's event type off as the platform's", () => {
    const { pluginId: _pluginId, ...draft } = pluginDraft('UserCreated.v1');

    expect(validationErrorOf(() => stampPlatformEvent(draft)).errors).toEqual([
      { pointer: '/type', message: 'is published by plugins, not by the platform' },
    ]);
  });
});

describe('toPutEventsEntry', () => {
  it('maps the envelope to source, detail-type and a detail that carries the tenant', () => {
    const event = stampEvent(pluginDraft('PaymentReceived.v1'));
    const entry = toPutEventsEntry(event, BUS);

    expect(entry).toEqual({
      Source: 'vivified.plugin.identity',
      DetailType: 'PaymentReceived.v1',
      Detail: expect.any(String),
      EventBusName: BUS,
      Time: new Date(TIME),
      TraceHeader: `Root=${XRAY_TRACE}`,
    });
    expect(JSON.parse(entry.Detail)).toEqual({
      id: 'evt-1',
      tenantId: TENANT,
      installationId: 'inst-1',
      classification: 'pii',
      traceId: XRAY_TRACE,
      time: TIME,
      data: VALID_DATA['PaymentReceived.v1'],
    });
  });

  it('serialises equal events identically', () => {
    const event = stampEvent(pluginDraft('DocumentProcessed.v1'));
    const reordered = Object.fromEntries(Object.entries(event).reverse()) as unknown as CanonicalEvent;

    expect(toPutEventsEntry(reordered, BUS).Detail).toBe(toPutEventsEntry(event, BUS).Detail);
  });

  it('sends a trace header only for X-Ray trace ids', () => {
    const event = stampEvent(
      pluginDraft('UserCreated.v1', { traceId: '0f8fad5b-d9cb-469f-a165-70867728950e' }),
    );

    expect(toPutEventsEntry(event, BUS)).not.toHaveProperty('TraceHeader');
  });
});

describe('fromEventBridge', () => {
  it.each([...PLUGIN_TYPES])('reads back a delivered %s exactly as it was stamped', (type) => {
    const event = stampEvent(pluginDraft(type));

    expect(fromEventBridge(delivered(toPutEventsEntry(event, BUS)))).toEqual(event);
  });

  it('reads back a platform event', () => {
    const event = stampPlatformEvent(platformDraft());

    expect(fromEventBridge(delivered(toPutEventsEntry(event, BUS)))).toEqual(event);
  });

  it('reads an SQS message body (the delivered event as JSON text)', () => {
    const event = stampEvent(pluginDraft('DocumentProcessed.v1'));

    expect(fromEventBridge(JSON.stringify(delivered(toPutEventsEntry(event, BUS))))).toEqual(event);
  });

  it('round-trips any valid envelope', () => {
    const identifier = fc.stringMatching(/^[\x21-\x7E]{1,40}$/);
    fc.assert(
      fc.property(
        fc.record({
          id: identifier,
          tenantId: identifier,
          installationId: identifier,
          traceId: identifier,
          pluginId: fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9._-]{0,20}$/),
          time: fc
            .date({
              min: new Date('2000-01-01T00:00:00Z'),
              max: new Date('2099-12-31T23:59:59Z'),
              noInvalidDate: true,
            })
            .map((date) => date.toISOString()),
          type: fc.constantFrom(...PLUGIN_TYPES),
        }),
        (draft) => {
          const event = stampEvent({ ...draft, data: validData(draft.type) });
          const entry = toPutEventsEntry(event, BUS);

          expect(fromEventBridge(JSON.stringify(delivered(entry)))).toEqual(event);
          expect(event.source).toBe(pluginSource(draft.pluginId));
        },
      ),
    );
  });

  const entryFor = (type: BuiltInType = 'UserCreated.v1') =>
    delivered(toPutEventsEntry(stampEvent(pluginDraft(type)), BUS));

  it.each<[string, unknown, string[]]>([
    ['JSON text that is not JSON', '{"source":', ['']],
    ['null', null, ['']],
    ['a number', 42, ['']],
    [
      'an event without detail',
      { source: 'vivified.platform', 'detail-type': 'UserCreated.v1' },
      ['/detail'],
    ],
    ['a foreign source', { ...entryFor(), source: 'aws.ec2' }, ['/source']],
    [
      'a detail without tenant',
      (() => {
        const event = entryFor();
        delete (event.detail as Record<string, unknown>).tenantId;
        return event;
      })(),
      ['/detail/tenantId'],
    ],
    [
      'a detail with extra envelope fields',
      (() => {
        const event = entryFor();
        (event.detail as Record<string, unknown>).pluginId = 'spoofed';
        return event;
      })(),
      ['/detail/pluginId'],
    ],
    ['an unknown type', { ...entryFor(), 'detail-type': 'PatientAdmitted.v1' }, ['/detail-type']],
    ['a plugin posing as the platform', { ...entryFor(), source: PLATFORM_SOURCE }, ['/source']],
    [
      'a platform event from a plugin',
      {
        ...delivered(toPutEventsEntry(stampPlatformEvent(platformDraft()), BUS)),
        source: 'vivified.plugin.x',
      },
      ['/source'],
    ],
    [
      'a lowered classification',
      (() => {
        const event = entryFor();
        (event.detail as Record<string, unknown>).classification = 'internal';
        return event;
      })(),
      ['/detail/classification'],
    ],
    [
      'data its type does not allow',
      (() => {
        const event = entryFor('DocumentProcessed.v1');
        const data = (event.detail as { data: Record<string, unknown> }).data;
        data.findings = [{ system: 'http://loinc.org', code: 'x', ssn: '078-05-1120' }];
        delete data.patientId;
        return event;
      })(),
      ['/detail/data/patientId', '/detail/data/findings/0/ssn'],
    ],
  ])('refuses %s', (_case, input, pointers) => {
    const error = validationErrorOf(() => fromEventBridge(input));

    expect(error).toBeInstanceOf(ValidationError);
    expect(error.errors.map((e) => e.pointer)).toEqual(pointers);
  });

  it('explains each refusal in words', () => {
    expect(validationErrorOf(() => fromEventBridge('{')).errors).toEqual([
      { pointer: '', message: 'is not valid JSON' },
    ]);
    expect(validationErrorOf(() => fromEventBridge({ ...entryFor(), source: 'aws.ec2' })).errors).toEqual([
      {
        pointer: '/source',
        message:
          'is not in the expected format: vivified.platform, or vivified.plugin. followed by the publishing plugin id.',
      },
    ]);
    expect(
      validationErrorOf(() => fromEventBridge({ ...entryFor(), source: PLATFORM_SOURCE })).errors,
    ).toEqual([
      {
        pointer: '/source',
        message:
          'must name the publishing plugin: UserCreated.v1 is published by plugins, not by the platform',
      },
    ]);
    const platformEvent = delivered(toPutEventsEntry(stampPlatformEvent(platformDraft()), BUS));
    expect(
      validationErrorOf(() => fromEventBridge({ ...platformEvent, source: 'vivified.plugin.x' })).errors,
    ).toEqual([
      {
        pointer: '/source',
        message:
          'must be vivified.platform: PluginHealthChanged.v1 is published by the platform only; plugins cannot publish it',
      },
    ]);
    const lowered = entryFor();
    (lowered.detail as Record<string, unknown>).classification = 'public';
    expect(validationErrorOf(() => fromEventBridge(lowered)).errors).toEqual([
      { pointer: '/detail/classification', message: 'must be phi, the classification of UserCreated.v1' },
    ]);
    expect(validationErrorOf(() => fromEventBridge({ ...entryFor(), 'detail-type': 'X.v1' })).errors).toEqual(
      [
        {
          pointer: '/detail-type',
          message:
            'is not a known canonical event type (known: DocumentProcessed.v1, PaymentReceived.v1, PluginHealthChanged.v1, UserCreated.v1)',
        },
      ],
    );
  });
});
