import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { dynamoDb } from '../clients';

/** How items are marshalled: `undefined` attributes are dropped rather than failing a write. */
export const MARSHALLING = {
  marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
} as const;

/** One document client per process, under the function's own role. */
// Pure, as the clients are: a function that never reads the registry does not bundle it.
export const documents = /* @__PURE__ */ DynamoDBDocumentClient.from(dynamoDb, MARSHALLING);

/**
 * The document client a tenant's items are read and written with. By default every tenant's
 * items go through the function's own role; the lanes pass tenant-scoped sessions instead
 * (../tenant-sessions.ts), so that IAM, not only the code, keeps each request to its tenant.
 */
export type DocumentsFor = (tenantId: string) => DynamoDBDocumentClient;

export const ownRole: DocumentsFor = () => documents;
