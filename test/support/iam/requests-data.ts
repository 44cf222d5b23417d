/* The registry table's and the keys' calls: DynamoDB and KMS. */
import { type Input, keyArn, type Mapper, placedArn, request, type Where } from './request-parts';

// --- DynamoDB: per item, the partition keys are `dynamodb:LeadingKeys` ---------------------------

const tableArn = (name: string, where: Where) =>
  name.startsWith('arn:')
    ? placedArn(name, where)
    : `arn:aws:dynamodb:${where.region}:${where.account}:table/${name}`;

/** The registry's partition key attributes: `pk` on the table, `<index>pk` on an index. */
const partitionKeyOf = (indexName?: string) => (indexName ? `${indexName}pk` : 'pk');
const scalar = (value: any): string | undefined =>
  value?.S ?? value?.N ?? (typeof value === 'string' ? value : undefined);
const leadingKeys = (items: Input[], index?: string): string[] => [
  ...new Set(items.map((item) => scalar(item?.[partitionKeyOf(index)])).filter((k): k is string => !!k)),
];

/** The partition key a Query's key condition fixes (`pk = :v`, or through a `#name`). */
function queriedKey(input: Input): string[] {
  const attribute = partitionKeyOf(input.IndexName);
  for (const clause of String(input.KeyConditionExpression ?? '').split(/\s+AND\s+/i)) {
    const match = /^\s*\(?\s*([#\w]+)\s*=\s*(:\w+)\s*\)?\s*$/.exec(clause);
    if (!match) continue;
    const name = match[1]!.startsWith('#') ? input.ExpressionAttributeNames?.[match[1]!] : match[1];
    const value = scalar(input.ExpressionAttributeValues?.[match[2]!]);
    if (name === attribute && value) return [value];
  }
  return [];
}

const itemRequest = (action: string, table: string, items: Input[], where: Where) =>
  request(`dynamodb:${action}`, tableArn(table, where), { 'dynamodb:LeadingKeys': leadingKeys(items) });

export const dynamoDb: Record<string, Mapper> = {
  GetItem: (i, w) => [itemRequest('GetItem', i.TableName, [i.Key], w)],
  PutItem: (i, w) => [itemRequest('PutItem', i.TableName, [i.Item], w)],
  UpdateItem: (i, w) => [itemRequest('UpdateItem', i.TableName, [i.Key], w)],
  DeleteItem: (i, w) => [itemRequest('DeleteItem', i.TableName, [i.Key], w)],
  DescribeTable: (i, w) => [request('dynamodb:DescribeTable', tableArn(i.TableName, w))],
  Scan: (i, w) => [request('dynamodb:Scan', tableArn(i.TableName, w))],
  Query: (i, w) => [
    request(
      'dynamodb:Query',
      i.IndexName ? `${tableArn(i.TableName, w)}/index/${i.IndexName}` : tableArn(i.TableName, w),
      { 'dynamodb:LeadingKeys': queriedKey(i) },
    ),
  ],
  BatchGetItem: (i, w) =>
    Object.entries(i.RequestItems ?? {}).map(([table, ask]: [string, any]) =>
      itemRequest('BatchGetItem', table, ask.Keys ?? [], w),
    ),
  BatchWriteItem: (i, w) =>
    Object.entries(i.RequestItems ?? {}).map(([table, writes]: [string, any]) =>
      itemRequest(
        'BatchWriteItem',
        table,
        writes.map((x: any) => x.PutRequest?.Item ?? x.DeleteRequest?.Key),
        w,
      ),
    ),
  // A transaction is authorized item by item, by the single-item action each one is.
  TransactWriteItems: (i, w) =>
    (i.TransactItems ?? []).map((item: any) => {
      if (item.Put) return itemRequest('PutItem', item.Put.TableName, [item.Put.Item], w);
      if (item.Update) return itemRequest('UpdateItem', item.Update.TableName, [item.Update.Key], w);
      if (item.Delete) return itemRequest('DeleteItem', item.Delete.TableName, [item.Delete.Key], w);
      return itemRequest('ConditionCheckItem', item.ConditionCheck.TableName, [item.ConditionCheck.Key], w);
    }),
  TransactGetItems: (i, w) =>
    (i.TransactItems ?? []).map((item: any) => itemRequest('GetItem', item.Get.TableName, [item.Get.Key], w)),
};

// --- KMS: the key, and the encryption context as `kms:EncryptionContext:<key>` -------------------

const encryptionContext = (context: Record<string, string> | undefined) =>
  context
    ? {
        ...Object.fromEntries(Object.entries(context).map(([k, v]) => [`kms:EncryptionContext:${k}`, v])),
        'kms:EncryptionContextKeys': Object.keys(context),
      }
    : {};
const kmsCall =
  (action: string): Mapper =>
  (i, w) => [request(`kms:${action}`, keyArn(String(i.KeyId), w), encryptionContext(i.EncryptionContext))];
export const kms: Record<string, Mapper> = Object.fromEntries(
  ['Sign', 'Verify', 'GetPublicKey', 'DescribeKey', 'Encrypt', 'Decrypt', 'GenerateDataKey'].map((a) => [
    a,
    kmsCall(a),
  ]),
);
