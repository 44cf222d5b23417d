import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Duration, Stack, Validations } from 'aws-cdk-lib';
import { type Archive, EventBus } from 'aws-cdk-lib/aws-events';
import { CfnRegistry, CfnSchema } from 'aws-cdk-lib/aws-eventschemas';
import { type Grant, type IGrantable, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { Queue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { DEAD_LETTER_RETENTION, secureQueueProps } from '../defaults/queue';

/** Where the canonical event schemas live in the repository (one JSON Schema per event type). */
const SCHEMA_DIRECTORY = join(__dirname, '..', '..', 'schemas', 'canonical');

export interface CanonicalBusProps {
  /** Customer-managed key for the bus, its archive and its dead-letter queue. */
  readonly encryptionKey: IKey;
  /** Bus name. @default 'vivified-canonical' */
  readonly busName?: string;
  /**
   * How long the archive keeps events for replay (0 keeps them indefinitely).
   * @default 90 days
   */
  readonly archiveRetention?: Duration;
  /**
   * Register the canonical models in an EventBridge schema registry.
   * @default true
   */
  readonly schemaRegistry?: boolean;
}

/**
 * The canonical lane's EventBridge bus: encrypted with the platform key, with a dead-letter queue
 * for events it cannot deliver, an archive for replay, and the canonical models registered as
 * schemas so subscribers can discover and generate bindings for them.
 */
export class CanonicalBus extends Construct {
  readonly bus: EventBus;
  readonly deadLetters: Queue;
  readonly archive: Archive;
  readonly registry?: CfnRegistry;

  constructor(scope: Construct, id: string, props: CanonicalBusProps) {
    super(scope, id);
    this.deadLetters = new Queue(
      this,
      'DeadLetters',
      secureQueueProps(props.encryptionKey, { retentionPeriod: DEAD_LETTER_RETENTION }),
    );
    Validations.of(this.deadLetters).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason:
        'This queue is the bus’s dead-letter queue; a dead-letter queue of its own would only move the problem.',
    });
    this.bus = new EventBus(this, 'Bus', {
      eventBusName: props.busName ?? 'vivified-canonical',
      description: 'Vivified canonical events, one redacted copy per subscriber view',
      kmsKey: props.encryptionKey,
      deadLetterQueue: this.deadLetters,
    });
    // EventBridge needs to use the key to deliver encrypted events and to put failures in the DLQ.
    props.encryptionKey.grantEncryptDecrypt(new ServicePrincipal('events.amazonaws.com'));
    this.archive = this.bus.archive('Archive', {
      description: 'Replayable history of canonical events',
      eventPattern: { account: [Stack.of(this).account] },
      retention: props.archiveRetention ?? Duration.days(90),
    });
    if (props.schemaRegistry === false) return;
    this.registry = new CfnRegistry(this, 'Schemas', {
      registryName: `${props.busName ?? 'vivified-canonical'}-schemas`,
      description: 'Canonical event models of the Vivified platform',
    });
    for (const file of readdirSync(SCHEMA_DIRECTORY)
      .filter((f) => f.endsWith('.schema.json'))
      .sort()) {
      const content = readFileSync(join(SCHEMA_DIRECTORY, file), 'utf8');
      const type = (JSON.parse(content) as { 'x-event-type': string })['x-event-type'];
      const schema = new CfnSchema(this, `Schema${type.replace(/\W/g, '')}`, {
        registryName: this.registry.attrRegistryName,
        schemaName: type,
        type: 'JSONSchemaDraft4',
        content,
        description: `Canonical ${type}`,
      });
      schema.addDependency(this.registry);
    }
  }

  /** Lets a publisher put events on the bus (the canonical lane, the platform's own events). */
  grantPublish(grantee: IGrantable): Grant {
    return this.bus.grantPutEventsTo(grantee);
  }
}
