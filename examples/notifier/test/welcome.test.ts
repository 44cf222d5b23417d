import { describe, expect, it } from 'vitest';
import { assertValidManifest } from '../../../core/manifest';
import manifest from '../manifest.json';
import { welcomeMessage } from '../src/welcome';

describe('notifier example', () => {
  it('has a manifest the platform accepts, with its API token a write-only secret', () => {
    expect(() => assertValidManifest(manifest)).not.toThrow();
    expect(manifest.config.properties.apiToken['x-secret']).toBe(true);
  });

  it('writes a welcome addressed to the new user from the configured sender', () => {
    const message = welcomeMessage(
      { userId: 'patient-1', email: 'grace@example.org', name: 'Grace Hopper' },
      'hello@clinic.example',
    );
    expect(message).toMatchObject({
      from: 'hello@clinic.example',
      to: 'grace@example.org',
      reference: 'patient-1',
    });
    expect(message.text).toContain('Hello Grace Hopper');
  });
});
