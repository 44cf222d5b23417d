import { memoryAuditLog } from '../../../adapters/memory/audit-log';
import { auditLogContract } from '../../contract/audit-log.contract';

// Every log made shares nothing, as the contract's archived log needs none of the others' records.
auditLogContract('memory', () => (archive) => memoryAuditLog({ archive }));
