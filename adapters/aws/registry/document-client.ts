import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { dynamoDb } from '../clients';

/** One document client per process; `undefined` attributes are dropped rather than failing a write. */
// Pure, as the clients are: a function that never reads the registry does not bundle it.
export const documents = /* @__PURE__ */ DynamoDBDocumentClient.from(dynamoDb, {
  marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
});

/** The document client over a DynamoDB client of the caller's own, or the shared one without. */
export const documentsOf = (client: DynamoDBClient | undefined): DynamoDBDocumentClient =>
  client
    ? DynamoDBDocumentClient.from(client, {
        marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
      })
    : documents;
