import { createHash } from 'node:crypto';
import type { ExternalRoute, ExternalTargets } from '../../core/ports';

/**
 * External subscribers' routes in memory: one rule per subscriber and type, named as the
 * EventBridge rules are, so attaching again replaces rather than adds.
 */
export function memoryExternalTargets(): ExternalTargets & {
  /** The routes attached now, by rule name. */
  routes(): ReadonlyMap<string, ExternalRoute & { readonly type: string }>;
} {
  const rules = new Map<string, ExternalRoute & { readonly type: string }>();
  const ruleName = (subscriberId: string, type: string) =>
    `vx-${subscriberId}-${createHash('sha256').update(type).digest('hex').slice(0, 12)}`;
  return {
    async attach(route) {
      return route.types.map((type) => {
        const name = ruleName(route.subscriberId, type);
        rules.set(name, { ...route, types: [type], type });
        return name;
      });
    },
    async detach(names) {
      for (const name of names) rules.delete(name);
    },
    routes: () => new Map(rules),
  };
}
