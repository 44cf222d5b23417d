import { s3AuditArchive } from '../../../../adapters/aws/audit-archive';
import type { PlatformConfig } from '../config';

/** The Object Lock bucket (S3): deployed, only the archiver function writes it. */
export const awsAuditArchive = (config: Pick<PlatformConfig, 'auditBucket' | 'clients'>) =>
  s3AuditArchive(config.auditBucket, config.clients?.s3);
