import { Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { AuditStore } from '../constructs/audit-store';
import { HostKeys } from '../constructs/host-keys';
import { Registry } from '../constructs/registry';

export interface PlatformStackProps extends StackProps {
  /**
   * Audit retention in days (Object Lock COMPLIANCE default retention).
   * @default 2557
   */
  readonly auditRetentionDays?: number;
}

/** The Vivified platform: composes one construct per concern; no business logic lives here. */
export class PlatformStack extends Stack {
  readonly keys: HostKeys;
  readonly registry: Registry;
  readonly auditStore: AuditStore;

  constructor(scope: Construct, id: string, props: PlatformStackProps = {}) {
    super(scope, id, props);
    this.keys = new HostKeys(this, 'Keys');
    this.registry = new Registry(this, 'Registry', { encryptionKey: this.keys.platformKey });
    this.auditStore = new AuditStore(this, 'Audit', {
      encryptionKey: this.keys.platformKey,
      retentionDays: props.auditRetentionDays,
    });
  }
}
