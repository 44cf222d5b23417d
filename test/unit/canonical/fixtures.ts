import type { PluginEventDraft, PutEventsEntry } from '../../../core/canonical';
import { ValidationError } from '../../../core/errors';

export const TENANT = 'tenant-a';
export const TIME = '2025-03-14T09:26:53.589Z';
/** An X-Ray trace id, so the entry carries a TraceHeader. */
export const XRAY_TRACE = '1-5759e988-bd862e3fe1be46a994272793';

/** One complete, valid payload per built-in type, every optional field present. */
export const VALID_DATA = {
  'UserCreated.v1': {
    userId: 'u-1001',
    email: 'ada.lovelace@clinic.example',
    name: 'Ada Lovelace',
    dateOfBirth: '1985-12-10',
    mrn: 'MRN-0042',
    roles: ['patient', 'portal_user'],
    createdAt: '2025-03-14T09:26:53Z',
  },
  'DocumentProcessed.v1': {
    documentId: 'doc-77',
    patientId: 'pat-42',
    kind: 'lab_report',
    pageCount: 3,
    summary: 'HbA1c 8.1%, above target; fasting glucose elevated.',
    findings: [
      {
        system: 'http://hl7.org/fhir/sid/icd-10-cm',
        code: 'E11.9',
        display: 'Type 2 diabetes mellitus without complications',
        confidence: 0.93,
      },
      { system: 'http://loinc.org', code: '4548-4', confidence: 0.88 },
    ],
    storageRef: 's3://tenant-a-documents/2025/03/doc-77.pdf',
    processedAt: '2025-03-14T09:27:10.004Z',
  },
  'PaymentReceived.v1': {
    paymentId: 'pay-9',
    payerName: 'Grace Hopper',
    amount: { value: '125.50', currency: 'USD' },
    invoiceId: 'inv-2025-0031',
    receivedAt: '2025-03-14T10:00:00+01:00',
    memo: 'Co-pay for the March visit',
  },
  'PluginHealthChanged.v1': {
    installationId: 'inst-5',
    pluginId: 'notifier',
    from: 'Active',
    to: 'Unhealthy',
    reason: 'running; health endpoint did not answer 2xx',
    checkedAt: '2025-03-14T09:30:00Z',
  },
} as const satisfies Record<string, Record<string, unknown>>;

export type BuiltInType = keyof typeof VALID_DATA;
export const PLUGIN_TYPES = ['UserCreated.v1', 'DocumentProcessed.v1', 'PaymentReceived.v1'] as const;

/** A fresh, mutable copy of a type's valid payload, for tests that break it. */
export const validData = (type: BuiltInType): Record<string, unknown> => structuredClone(VALID_DATA[type]);

export function pluginDraft(
  type: BuiltInType = 'UserCreated.v1',
  overrides: Partial<PluginEventDraft> = {},
): PluginEventDraft {
  return {
    type,
    data: validData(type),
    tenantId: TENANT,
    installationId: 'inst-1',
    pluginId: 'identity',
    traceId: XRAY_TRACE,
    time: TIME,
    id: 'evt-1',
    ...overrides,
  };
}

/** What EventBridge delivers to a target for a PutEvents entry (its own fields included). */
export function delivered(entry: PutEventsEntry): Record<string, unknown> {
  return {
    version: '0',
    id: '6a7e8feb-b491-4cf7-a9f1-bf3703467718',
    'detail-type': entry.DetailType,
    source: entry.Source,
    account: '111122223333',
    time: entry.Time?.toISOString().replace(/\.\d{3}Z$/, 'Z'),
    region: 'us-east-1',
    resources: [],
    detail: JSON.parse(entry.Detail),
  };
}

/** The ValidationError `act` throws; fails the test when it throws nothing or something else. */
export function validationErrorOf(act: () => unknown): ValidationError {
  try {
    act();
  } catch (error) {
    if (error instanceof ValidationError) return error;
    throw error;
  }
  throw new Error('expected a ValidationError, but nothing was thrown');
}
