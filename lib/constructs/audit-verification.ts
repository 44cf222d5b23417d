import { type CfnElement, Duration, Stack, Validations } from 'aws-cdk-lib';
import type { SecurityGroup, Vpc } from 'aws-cdk-lib/aws-ec2';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { Schedule, ScheduleExpression } from 'aws-cdk-lib/aws-scheduler';
import { LambdaInvoke } from 'aws-cdk-lib/aws-scheduler-targets';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { AuditStore } from './audit-store';
import { HostFunction } from './host-function';
import type { Registry } from './registry';

export interface AuditVerificationProps {
  readonly registry: Registry;
  /** The Object Lock bucket whose checkpoint anchors verification trusts. */
  readonly auditStore: AuditStore;
  /** The audit area's function, which verifies on demand (`GET …/audit/verify`). */
  readonly auditFunction: HostFunction;
  readonly encryptionKey: IKey;
  readonly vpc: Vpc;
  readonly securityGroup: SecurityGroup;
  /** Where a scheduled run that failed every attempt is kept. */
  readonly deadLetters: IQueue;
  /**
   * How often every chain is verified in full, from its genesis record.
   * @default Duration.days(1)
   */
  readonly fullVerificationInterval?: Duration;
}

/**
 * Verifying audit chains: the audit area verifies on demand since the newest checkpoint the
 * archive vouches for (or in full with `?full=true`), so it reads the anchors in the Object Lock
 * bucket; and a scheduled function verifies every chain in full, which is what finds a record
 * changed before its checkpoint. Neither may write the bucket.
 */
export class AuditVerification extends Construct {
  readonly function: HostFunction;

  constructor(scope: Construct, id: string, props: AuditVerificationProps) {
    super(scope, id);
    const { auditStore, registry } = props;
    props.auditFunction.addSettings({ auditBucket: auditStore.bucket.bucketName });
    auditStore.grantReadAnchors(props.auditFunction);

    this.function = new HostFunction(this, 'Function', {
      entry: 'functions/audit-verify/handler.ts',
      description: 'Vivified: verifies every tenant audit chain in full, on a schedule',
      encryptionKey: props.encryptionKey,
      settings: { table: registry.table.tableName, auditBucket: auditStore.bucket.bucketName },
      // A chain of a million records takes about half a minute; many such tenants take longer.
      timeout: Duration.minutes(15),
      memorySize: 1024,
      reservedConcurrency: 1,
      deadLetterQueue: props.deadLetters,
      vpc: props.vpc,
      securityGroups: [props.securityGroup],
    });
    // Reads only: the registry's items and indexes, and the anchors.
    registry.grantRead(this.function);
    auditStore.grantReadAnchors(this.function);
    new Schedule(this, 'Schedule', {
      description: 'Vivified full audit chain verification',
      schedule: ScheduleExpression.rate(props.fullVerificationInterval ?? Duration.days(1)),
      target: new LambdaInvoke(this.function, { deadLetterQueue: props.deadLetters, retryAttempts: 2 }),
    });

    const stack = Stack.of(this);
    const logicalId = (construct: Construct) => stack.getLogicalId(construct.node.defaultChild as CfnElement);
    const bucket = logicalId(auditStore.bucket);
    const anchors = {
      id: `AwsSolutions-IAM5[Resource::<${bucket}.Arn>/audit/*/checkpoints/*]`,
      reason:
        'Checkpoint anchors are keyed by tenant and seq; the pattern is the narrowest that names them all, for reading only.',
    };
    // HostFunction puts a function's role beside it, in the construct that made the function.
    Validations.of(props.auditFunction.node.scope ?? props.auditFunction).acknowledge(anchors);
    const here = Validations.of(this);
    here.acknowledge(anchors);
    here.acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'X-Ray trace writes and the VPC attachment’s network interface actions have no resource-level permissions.',
    });
    here.acknowledge({
      id: `AwsSolutions-IAM5[Resource::<${logicalId(registry.table)}.Arn>/index/*]`,
      reason: 'Listing tenants reads the registry table’s own secondary index.',
    });
    // The scheduler's role is created at stack level by the schedule target.
    Validations.of(stack).acknowledge({
      id: `AwsSolutions-IAM5[Resource::<${logicalId(this.function)}.Arn>:*]`,
      reason:
        'The scheduler may invoke any version of the full verification function, which it alone targets.',
    });
  }
}
