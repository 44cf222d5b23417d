import { createHash } from 'node:crypto';
import {
  DeleteRuleCommand,
  type EventBridgeClient,
  PutRuleCommand,
  PutTargetsCommand,
  RemoveTargetsCommand,
  ResourceNotFoundException,
} from '@aws-sdk/client-eventbridge';
import type { ExternalRoute, ExternalTargets } from '../../core/ports';
import { eventBridge as sharedEventBridge } from './clients';
import { INSTALLATION_RESOURCES } from './deploy-contract';

export interface ExternalTargetOptions {
  readonly busName: string;
  /** Role EventBridge assumes to put events on a bus in another account. */
  readonly targetRoleArn?: string;
  /** Where events the other bus refuses go (never nowhere). */
  readonly deadLetterArn?: string;
  /** @default the process's shared client (./clients.ts) */
  readonly eventBridge?: EventBridgeClient;
}

const ruleName = (subscriberId: string, type: string) =>
  `vx-${subscriberId}-${createHash('sha256').update(type).digest('hex').slice(0, 12)}`;

/**
 * Routes a tenant's canonical events of chosen types, in one redaction view, to an EventBridge
 * bus elsewhere: one rule per type matching type, tenant and view, targeting that bus.
 */
export function externalTargets(options: ExternalTargetOptions): ExternalTargets {
  const eventBridge = options.eventBridge ?? sharedEventBridge;
  return {
    async attach(input: ExternalRoute): Promise<string[]> {
      const names: string[] = [];
      for (const type of input.types) {
        const name = ruleName(input.subscriberId, type);
        await eventBridge.send(
          new PutRuleCommand({
            Name: name,
            EventBusName: options.busName,
            Description: `${type} of tenant ${input.tenantId} to ${input.busArn}`.slice(0, 512),
            EventPattern: JSON.stringify({
              'detail-type': [type],
              detail: { tenantId: [input.tenantId], view: [input.view] },
            }),
            Tags: [{ Key: INSTALLATION_RESOURCES.tags.tenant, Value: input.tenantId }],
          }),
        );
        await eventBridge.send(
          new PutTargetsCommand({
            Rule: name,
            EventBusName: options.busName,
            Targets: [
              {
                Id: 'external-bus',
                Arn: input.busArn,
                ...(options.targetRoleArn ? { RoleArn: options.targetRoleArn } : {}),
                ...(options.deadLetterArn ? { DeadLetterConfig: { Arn: options.deadLetterArn } } : {}),
              },
            ],
          }),
        );
        names.push(name);
      }
      return names;
    },

    async detach(rules: readonly string[]): Promise<void> {
      for (const name of rules) {
        try {
          await eventBridge.send(
            new RemoveTargetsCommand({
              Rule: name,
              EventBusName: options.busName,
              Ids: ['external-bus'],
              Force: true,
            }),
          );
          await eventBridge.send(
            new DeleteRuleCommand({ Name: name, EventBusName: options.busName, Force: true }),
          );
        } catch (error) {
          if (!(error instanceof ResourceNotFoundException)) throw error;
        }
      }
    },
  };
}
