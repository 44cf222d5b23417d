import { type CfnElement, Duration, Stack, Validations } from 'aws-cdk-lib';
import type { SecurityGroup, Vpc } from 'aws-cdk-lib/aws-ec2';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { FilterCriteria, FilterRule, StartingPosition } from 'aws-cdk-lib/aws-lambda';
import { DynamoEventSource, SqsDlq } from 'aws-cdk-lib/aws-lambda-event-sources';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { AuditStore } from './audit-store';
import { HostFunction } from './host-function';
import type { Registry } from './registry';

export interface AuditArchiverProps {
  /** The registry, whose table streams every audit record as it is committed. */
  readonly registry: Registry;
  /** The Object Lock bucket the records are archived to; the archiver is its only writer. */
  readonly auditStore: AuditStore;
  readonly encryptionKey: IKey;
  /** The archiver runs in the platform VPC and reaches S3 through its gateway endpoint. */
  readonly vpc: Vpc;
  readonly securityGroup: SecurityGroup;
  /** Where a batch that could not be archived after every retry is kept (its stream position). */
  readonly deadLetters: IQueue;
  /**
   * Attempts per batch before it goes to the dead-letter queue; the stream keeps records for 24 h.
   * @default 10
   */
  readonly retryAttempts?: number;
}

/**
 * Archives every audit record to the Object Lock bucket from the registry table's stream, after its
 * commit and outside any request. A function that dies between its commit and its answer loses no
 * record, no request waits on S3, and no function besides this one may write the bucket. The
 * mapping passes audit records only (sort keys `SEQ#…`), including changes and removals, which
 * the archiver reports as tampering.
 */
export class AuditArchiver extends Construct {
  readonly function: HostFunction;

  constructor(scope: Construct, id: string, props: AuditArchiverProps) {
    super(scope, id);
    this.function = new HostFunction(this, 'Function', {
      entry: 'functions/audit-archive/handler.ts',
      description: 'Vivified: archives audit records from the registry stream to the Object Lock bucket',
      encryptionKey: props.encryptionKey,
      settings: { auditBucket: props.auditStore.bucket.bucketName },
      timeout: Duration.minutes(1),
      vpc: props.vpc,
      securityGroups: [props.securityGroup],
    });
    props.auditStore.grantAppend(this.function);
    this.function.addEventSource(
      new DynamoEventSource(props.registry.table, {
        startingPosition: StartingPosition.TRIM_HORIZON,
        batchSize: 100,
        maxBatchingWindow: Duration.seconds(2),
        bisectBatchOnError: true,
        retryAttempts: props.retryAttempts ?? 10,
        reportBatchItemFailures: true,
        onFailure: new SqsDlq(props.deadLetters),
        filters: [
          FilterCriteria.filter({ dynamodb: { Keys: { sk: { S: FilterRule.beginsWith('SEQ#') } } } }),
        ],
      }),
    );
    const here = Validations.of(this);
    for (const [id, reason] of [
      [
        'HIPAA.Security-LambdaDLQ',
        'Invoked by an event source mapping, not asynchronously: a batch that keeps failing goes to the mapping’s on-failure queue (onFailure), which a function DLQ would never see.',
      ],
      [
        'AwsSolutions-IAM5[Resource::*]',
        'X-Ray trace writes and dynamodb:ListStreams (how the event source mapping finds the table’s stream) have no resource-level permissions.',
      ],
      [
        'AwsSolutions-IAM5[Action::kms:GenerateDataKey*]',
        'Writing the KMS-encrypted audit objects and failed-batch messages needs data keys of the platform key, and only that key.',
      ],
      [
        'AwsSolutions-IAM5[Action::kms:ReEncrypt*]',
        'Granted by CDK with the on-failure queue’s send permission, on the platform key only.',
      ],
      [
        `AwsSolutions-IAM5[Resource::<${Stack.of(this).getLogicalId(props.auditStore.bucket.node.defaultChild as CfnElement)}.Arn>/audit/*]`,
        'Audit objects are keyed by tenant and day under audit/; the prefix is the narrowest stable resource, and Object Lock makes every write append-only.',
      ],
    ] as const)
      here.acknowledge({ id, reason });
  }
}
