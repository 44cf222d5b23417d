import { describe, expect, it } from 'vitest';
import { idlePolicyOf, shouldSleep } from '../../../core/installation/idle';

const now = new Date('2026-12-04T05:00:00.000Z');
const ago = (seconds: number) => new Date(now.getTime() - seconds * 1000).toISOString();

describe('the idle policy', () => {
  it("takes the manifest's idle period over the platform's, and always_on over both", () => {
    expect(idlePolicyOf({ idle_after_seconds: 600 }, 900)).toEqual({
      alwaysOn: false,
      idleAfterSeconds: 600,
    });
    expect(idlePolicyOf({}, 900)).toEqual({ alwaysOn: false, idleAfterSeconds: 900 });
    expect(idlePolicyOf({ always_on: true, idle_after_seconds: 600 }, 900)).toEqual({ alwaysOn: true });
  });

  it('keeps everything running on a platform without an idle period, unless the plugin gives one', () => {
    expect(idlePolicyOf({})).toEqual({ alwaysOn: true });
    expect(idlePolicyOf({ always_on: false })).toEqual({ alwaysOn: true });
    expect(idlePolicyOf({ idle_after_seconds: 120 })).toEqual({ alwaysOn: false, idleAfterSeconds: 120 });
  });
});

describe('shouldSleep', () => {
  const policy = { alwaysOn: false, idleAfterSeconds: 300 } as const;

  it('sleeps once the idle period has passed since the last activity, not before', () => {
    expect(shouldSleep(ago(299), now, policy)).toBe(false);
    expect(shouldSleep(ago(300), now, policy)).toBe(true);
  });

  it('never sleeps an always-on plugin, nor one whose idle clock has not started', () => {
    expect(shouldSleep(ago(86_400), now, { alwaysOn: true })).toBe(false);
    expect(shouldSleep(undefined, now, policy)).toBe(false);
  });
});
