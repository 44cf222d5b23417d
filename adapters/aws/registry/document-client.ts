import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { dynamoDb } from '../clients';

/** How items are marshalled: `undefined` attributes are dropped rather than failing a write. */
export const MARSHALLING = {
  marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
} as const;

/** One document client per process, under the function's own role. */
// Pure, as the clients are: a function that never reads the registry does not bundle it.
export const documents = /* @__PURE__ */ DynamoDBDocumentClient.from(dynamoDb, MARSHALLING);

/** The document client over a DynamoDB client of the caller's own, or the shared one without. */
export const documentsOf = (client: DynamoDBClient | undefined): DynamoDBDocumentClient =>
  client ? DynamoDBDocumentClient.from(client, MARSHALLING) : documents;

/**
 * The document client a tenant's items are read and written with: the lanes pass tenant-scoped
 * sessions (../tenant-sessions.ts), so that IAM, not only the code, keeps each request to its tenant.
 */
export type DocumentsFor = (tenantId: string) => DynamoDBDocumentClient;

/** What a store is given: one client for every tenant, or one per tenant. */
export type StoreDocuments = DynamoDBDocumentClient | DocumentsFor;

/**
 * A store's two clients: the one a tenant's own partition goes through, and the function's own
 * for what spans partitions (the catalog's counts, walks across tenants).
 */
export function storeDocuments(given: StoreDocuments): {
  forTenant: DocumentsFor;
  own: DynamoDBDocumentClient;
} {
  return typeof given === 'function'
    ? { forTenant: given, own: documents }
    : { forTenant: () => given, own: given };
}
