import {
  ConditionalCheckFailedException,
  CreateTableCommand,
  PutItemCommand,
  waitUntilTableExists,
} from '@aws-sdk/client-dynamodb';
import { describe, expect, it } from 'vitest';
import { dynamoDb } from '../../../adapters/aws/clients';
import { uniqueName } from '../../support/unique';

describe('DynamoDB on moto', () => {
  it('accepts a conditional put once and refuses the repeat', async () => {
    // Prepare
    const tableName = uniqueName('registry');
    await dynamoDb.send(
      new CreateTableCommand({
        TableName: tableName,
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
        KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
      }),
    );
    await waitUntilTableExists({ client: dynamoDb, maxWaitTime: 30 }, { TableName: tableName });
    const put = () =>
      dynamoDb.send(
        new PutItemCommand({
          TableName: tableName,
          Item: { pk: { S: 'TENANT#t-1' }, name: { S: 'Clinic' } },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );

    // Act
    await put();

    // Assess
    await expect(put()).rejects.toBeInstanceOf(ConditionalCheckFailedException);
  });
});
