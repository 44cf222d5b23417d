import { describe, expect, it } from 'vitest';
import { metricsReport } from '../../../cli/commands/plugin-metrics';
import type { InstallationMetrics } from '../../../functions/wire';

const base: InstallationMetrics = {
  window: 'hour',
  start: '2026-12-04T02:31:00.000Z',
  bucketSeconds: 60,
  lanes: [],
  egress: [],
};

describe('vivified plugins metrics, for people', () => {
  it('says what it cannot measure instead of printing zeros', () => {
    expect(metricsReport('notifier', base)).toContain(
      'events delivered: not measured here (locally the plugin polls its queue itself), dead letters: not sampled yet',
    );
  });

  it('prints sampled dead letters without a delivered count where deliveries are not seen', () => {
    const report = metricsReport('notifier', { ...base, events: { deadLettered: [null, 3, null, 1] } });

    expect(report).toContain('events delivered: not measured here');
    expect(report).toContain('most dead letters waiting: 3');
  });

  it('prints both where both are measured', () => {
    const report = metricsReport('notifier', {
      ...base,
      events: { delivered: [2, 5], deadLettered: [0, 0] },
    });

    expect(report).toContain('events delivered: 7, most dead letters waiting: 0');
  });
});
