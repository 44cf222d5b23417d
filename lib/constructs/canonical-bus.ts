import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Duration, Stack, Validations } from 'aws-cdk-lib';
import { type Archive, EventBus } from 'aws-cdk-lib/aws-events';
import { CfnRegistry, CfnSchema } from 'aws-cdk-lib/aws-eventschemas';
import { type Grant, type IGrantable, PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
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
  /**
   * Statements added to the bus's resource policy, e.g. letting a partner account put events of
   * its own. Each needs a `sid`. Tenant isolation is enforced by rules matching the tenant, which a
   * foreign rule would not be held to: grant other accounts `events:PutRule` only with great care.
   * @default none: only this account uses the bus
   */
  readonly policyStatements?: readonly PolicyStatement[];
  /**
   * Accounts whose EventBridge buses may receive a tenant's events as external subscribers
   * (`POST /v1/tenants/{tenantId}/subscribers`). A role EventBridge assumes to deliver there is
   * created, allowed to put events on those accounts' buses only.
   * @default none: no role; delivery then needs the target bus's own policy to admit this account
   */
  readonly externalSubscriberAccounts?: readonly string[];
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
  /** The role rules assume to deliver to external subscribers' buses, when accounts are allowed. */
  readonly externalSubscriberRole?: Role;

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
    const busName = props.busName ?? 'vivified-canonical';
    this.bus = new EventBus(this, 'Bus', {
      eventBusName: busName,
      description: 'Vivified canonical events, one redacted copy per subscriber view',
      kmsKey: props.encryptionKey,
      deadLetterQueue: this.deadLetters,
    });
    this.archive = this.bus.archive('Archive', {
      // Named, so the key policy can name it without depending on it (the key comes first).
      archiveName: `${busName}-archive`,
      description: 'Replayable history of canonical events',
      eventPattern: { account: [Stack.of(this).account] },
      retention: props.archiveRetention ?? Duration.days(90),
      // Archived events carry the same PHI as live ones: same key, not an AWS-owned one.
      kmsKey: props.encryptionKey,
    });
    // EventBridge uses the key to deliver to the encrypted installation queues and dead-letter
    // queue and to archive. Only for this bus, its rules and its archive, in this account: without
    // the source conditions any EventBridge resource of any account could have the key used for it.
    const stack = Stack.of(this);
    props.encryptionKey.addToResourcePolicy(
      new PolicyStatement({
        sid: 'CanonicalBusDeliveries',
        principals: [new ServicePrincipal('events.amazonaws.com')],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey'],
        resources: ['*'],
        conditions: {
          StringEquals: { 'aws:SourceAccount': stack.account },
          ArnLike: {
            // Spelled from names, not the resources' attributes: the bus and its dead-letter queue
            // depend on the key, so the key policy cannot depend on them.
            'aws:SourceArn': [
              stack.formatArn({ service: 'events', resource: 'event-bus', resourceName: busName }),
              stack.formatArn({ service: 'events', resource: 'rule', resourceName: `${busName}/*` }),
              stack.formatArn({ service: 'events', resource: 'archive', resourceName: `${busName}-archive` }),
            ],
          },
        },
      }),
    );
    for (const statement of props.policyStatements ?? []) this.bus.addToResourcePolicy(statement);
    if (props.externalSubscriberAccounts?.length) {
      this.externalSubscriberRole = this.subscriberRole(props.externalSubscriberAccounts);
    }
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

  /** A role EventBridge assumes to put events on any bus of the given accounts, in this region. */
  private subscriberRole(accounts: readonly string[]): Role {
    const stack = Stack.of(this);
    const role = new Role(this, 'ExternalSubscribers', {
      assumedBy: new ServicePrincipal('events.amazonaws.com', {
        conditions: { StringEquals: { 'aws:SourceAccount': stack.account } },
      }),
      description: 'Delivers tenant events to the buses of allowed external subscriber accounts',
    });
    role.addToPolicy(
      new PolicyStatement({
        actions: ['events:PutEvents'],
        resources: accounts.map((account) =>
          stack.formatArn({ service: 'events', account, resource: 'event-bus', resourceName: '*' }),
        ),
      }),
    );
    for (const account of accounts) {
      Validations.of(role).acknowledge({
        id: `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:events:<AWS::Region>:${account}:event-bus/*]`,
        reason:
          'Subscribers name their bus at runtime; the role is confined to the accounts the operator allowed, in this region.',
      });
    }
    return role;
  }

  /** Lets the control plane attach the external-subscriber role to the rules it creates. */
  grantPassSubscriberRole(grantee: IGrantable): Grant | undefined {
    return this.externalSubscriberRole?.grantPassRole(grantee.grantPrincipal);
  }

  /** Lets a publisher put events on the bus (the canonical lane, the platform's own events). */
  grantPublish(grantee: IGrantable): Grant {
    return this.bus.grantPutEventsTo(grantee);
  }
}
