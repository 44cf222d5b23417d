import { DeleteCommand, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { auditLog } from '../../../adapters/aws/audit-log';
import { auditIndexAttributes } from '../../../adapters/aws/registry/audit-keys';
import type { StoreDocuments } from '../../../adapters/aws/registry/document-client';
import { documents } from '../../../adapters/aws/registry/document-client';
import { keys } from '../../../adapters/aws/registry/keys';
import type { AuditRecord } from '../../../core/audit';
import type { AuditLogUnderTest } from '../../contract/audit-log.contract';

/** DynamoDB audit logs over one table, and a writer behind their backs (the function's own role). */
export function dynamoAuditLogUnderTest(tableName: string, through?: StoreDocuments): AuditLogUnderTest {
  return {
    logOf: (options) => auditLog({ tableName, ...options, ...(through ? { documents: through } : {}) }),
    async overwrite(item) {
      const Item =
        'prevHash' in item
          ? {
              ...keys.auditRecord(item.tenantId, item.seq),
              ...item,
              ...auditIndexAttributes(item as AuditRecord),
            }
          : { ...keys.auditCheckpoint(item.tenantId, item.seq), ...item };
      await documents.send(new PutCommand({ TableName: tableName, Item }));
    },
    async rewind(tenantId, toSeq) {
      await this.remove(tenantId, toSeq + 1);
      for (let seq = toSeq + 1; seq < toSeq + 10; seq++)
        await documents.send(
          new DeleteCommand({ TableName: tableName, Key: keys.auditCheckpoint(tenantId, seq) }),
        );
      const { Item } = await documents.send(
        new GetCommand({ TableName: tableName, Key: keys.auditRecord(tenantId, toSeq) }),
      );
      const { pk: _pk, sk: _sk, ...record } = Item!;
      for (const name of Object.keys(record)) if (/^gsi[0-9]+(pk|sk)$/.test(name)) delete record[name];
      await documents.send(
        new PutCommand({
          TableName: tableName,
          Item: { ...keys.auditHead(tenantId), seq: toSeq, last: record },
        }),
      );
    },
    async remove(tenantId, fromSeq) {
      // The contract removes the last records only; a few deletes cover them.
      for (let seq = fromSeq; seq < fromSeq + 5; seq++)
        await documents.send(
          new DeleteCommand({ TableName: tableName, Key: keys.auditRecord(tenantId, seq) }),
        );
    },
  };
}
