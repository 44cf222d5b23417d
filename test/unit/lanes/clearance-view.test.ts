import { describe, expect, it } from 'vitest';
import { clearanceFromView, clearanceView, viewOf } from '../../../core/lanes/clearance-view';
import type { PluginManifest } from '../../../core/manifest/types';

describe('clearance views', () => {
  it.each([
    [{ traits: [], classifications: ['public'] }, 'public'],
    [{ traits: [], classifications: ['confidential'] }, 'public+internal+confidential'],
    // Declaring personal data places a plugin above the public < internal < confidential ladder.
    [{ traits: ['handles_pii'], classifications: ['internal', 'pii'] }, 'public+internal+confidential+pii'],
    [{ traits: [], classifications: ['internal', 'pii'] }, 'public+internal+confidential'],
    [{ traits: ['handles_phi'], classifications: ['pii', 'phi'] }, 'public+internal+confidential+phi'],
    [
      { traits: ['handles_phi', 'handles_pii'], classifications: ['confidential', 'pii', 'phi'] },
      'public+internal+confidential+pii+phi',
    ],
  ] as const)('names what %j may receive', (clearance, view) => {
    expect(clearanceView(clearance)).toBe(view);
  });

  it('reads the clearance from a manifest', () => {
    const manifest = {
      traits: ['handles_pii'],
      security: { authentication_required: true, data_classification: ['pii'] },
    } as unknown as PluginManifest;
    expect(viewOf(manifest)).toBe('public+internal+confidential+pii');
  });
});

describe('clearance from a view', () => {
  it.each([
    'public',
    'public+internal+confidential',
    'public+internal+confidential+pii',
    'public+internal+confidential+pii+phi',
    'public+internal+confidential+phi',
  ])('round-trips %s', (view) => {
    expect(clearanceView(clearanceFromView(view))).toBe(view);
  });
});
