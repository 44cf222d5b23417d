import { s3AuditArchive } from '../../../../adapters/aws/audit-archive';
import { auditLog } from '../../../../adapters/aws/audit-log';
import { documentsOf } from '../../../../adapters/aws/registry/document-client';
import type { Wired } from '../compose';
import type { PlatformConfig } from '../config';

/**
 * The audit log of the audit area, which verifies chains: it trusts checkpoints by the archive's
 * anchors, read from the Object Lock bucket (GetObject only, deployed), or through the archive
 * when the root wires one in (`vivified dev`, tests). Apart from ./registry.ts so the functions
 * that only append audit records carry no S3 client.
 */
export const awsVerifiedAudit = (
  config: Pick<PlatformConfig, 'table' | 'auditBucket' | 'clients'>,
  wired: Wired,
) =>
  auditLog({
    tableName: config.table,
    archive: wired.archive,
    anchors: wired.archive ?? s3AuditArchive(config.auditBucket, config.clients?.s3),
    documents: documentsOf(config.clients?.dynamoDb),
  });
