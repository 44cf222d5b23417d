import {
  DeleteRuleCommand,
  type EventBridgeClient,
  ListRulesCommand,
  PutRuleCommand,
  PutTargetsCommand,
  RemoveTargetsCommand,
  ResourceNotFoundException,
} from '@aws-sdk/client-eventbridge';
import type { ExternalRoute, ExternalTargets } from '../../core/ports';
import { eventBridge as sharedEventBridge } from './clients';
import { INSTALLATION_RESOURCES } from './deploy-contract';
import { DEFAULT_PATTERN_LIMIT, packedRules } from './subscription-rules';

export interface ExternalTargetOptions {
  readonly busName: string;
  /** Role EventBridge assumes to put events on a bus in another account. */
  readonly targetRoleArn?: string;
  /** Where events the other bus refuses go (never nowhere). */
  readonly deadLetterArn?: string;
  /** @default the process's shared client (./clients.ts) */
  readonly eventBridge?: EventBridgeClient;
  /** @default EventBridge's default event pattern size quota (./subscription-rules.ts) */
  readonly patternLimit?: number;
}

const TARGET_ID = 'external-bus';
// Earlier versions named one rule per type under the same prefix, so listing it finds those too.
const rulePrefix = (subscriberId: string) => `vx-${subscriberId}-`;

/**
 * Routes a tenant's canonical events of chosen types, in one redaction view, to an EventBridge
 * bus elsewhere: one rule per subscriber listing every type (split only past the pattern size
 * quota, ./subscription-rules.ts) and matching tenant and view, targeting that bus.
 */
export function externalTargets(options: ExternalTargetOptions): ExternalTargets {
  const eventBridge = options.eventBridge ?? sharedEventBridge;
  const { busName } = options;

  async function rulesOf(subscriberId: string): Promise<string[]> {
    const names: string[] = [];
    let NextToken: string | undefined;
    do {
      const page = await eventBridge.send(
        new ListRulesCommand({ EventBusName: busName, NamePrefix: rulePrefix(subscriberId), NextToken }),
      );
      names.push(...(page.Rules ?? []).map((r) => r.Name!));
      NextToken = page.NextToken;
    } while (NextToken);
    return names;
  }

  async function deleteRule(name: string) {
    try {
      await eventBridge.send(
        new RemoveTargetsCommand({ Rule: name, EventBusName: busName, Ids: [TARGET_ID], Force: true }),
      );
      await eventBridge.send(new DeleteRuleCommand({ Name: name, EventBusName: busName, Force: true }));
    } catch (error) {
      if (!(error instanceof ResourceNotFoundException)) throw error;
    }
  }

  return {
    async attach(input: ExternalRoute): Promise<string[]> {
      const wanted = packedRules(
        { ...input, namePrefix: rulePrefix(input.subscriberId) },
        options.patternLimit ?? DEFAULT_PATTERN_LIMIT,
      );
      const existing = await rulesOf(input.subscriberId);
      // New rules first, stale ones after: a failure half-way leaves the old routing delivering,
      // and attaching again converges (names are the patterns' hashes).
      for (const rule of wanted) {
        await eventBridge.send(
          new PutRuleCommand({
            Name: rule.name,
            EventBusName: busName,
            Description: `${rule.types.length} types of tenant ${input.tenantId} to ${input.busArn}`.slice(
              0,
              512,
            ),
            EventPattern: rule.pattern,
            Tags: [{ Key: INSTALLATION_RESOURCES.tags.tenant, Value: input.tenantId }],
          }),
        );
        await eventBridge.send(
          new PutTargetsCommand({
            Rule: rule.name,
            EventBusName: busName,
            Targets: [
              {
                Id: TARGET_ID,
                Arn: input.busArn,
                ...(options.targetRoleArn ? { RoleArn: options.targetRoleArn } : {}),
                ...(options.deadLetterArn ? { DeadLetterConfig: { Arn: options.deadLetterArn } } : {}),
              },
            ],
          }),
        );
      }
      const names = wanted.map((rule) => rule.name);
      // Rules of other types, or of the one-rule-per-type layout, stop sending to the bus.
      for (const stale of existing.filter((name) => !names.includes(name))) await deleteRule(stale);
      return names;
    },

    async detach(rules: readonly string[]): Promise<void> {
      for (const name of rules) await deleteRule(name);
    },
  };
}
