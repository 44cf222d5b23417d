import { createHash } from 'node:crypto';
import type { ExternalRoute, ExternalTargets } from '../../core/ports';

/**
 * External subscribers' routes in memory: one rule per subscriber for all its types, named by
 * what it matches as the EventBridge rules are (adapters/aws/external-targets.ts), so attaching
 * again replaces rather than adds.
 */
export function memoryExternalTargets(): ExternalTargets & {
  /** The routes attached now, by rule name. */
  routes(): ReadonlyMap<string, ExternalRoute>;
} {
  const rules = new Map<string, ExternalRoute>();
  const prefix = (subscriberId: string) => `vx-${subscriberId}-`;
  const ruleName = (route: ExternalRoute) =>
    `${prefix(route.subscriberId)}${createHash('sha256')
      .update(JSON.stringify([route.tenantId, route.view, [...new Set(route.types)].sort()]))
      .digest('hex')
      .slice(0, 12)}`;
  return {
    async attach(route) {
      for (const name of rules.keys()) if (name.startsWith(prefix(route.subscriberId))) rules.delete(name);
      if (route.types.length === 0) return [];
      const name = ruleName(route);
      rules.set(name, { ...route, types: [...route.types] });
      return [name];
    },
    async detach(names) {
      for (const name of names) rules.delete(name);
    },
    routes: () => new Map(rules),
  };
}
