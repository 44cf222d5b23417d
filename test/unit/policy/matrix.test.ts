import { describe, expect, it } from 'vitest';
import type { PluginManifest } from '../../../core/manifest/types';
import { decide, type OperatorTarget } from '../../../core/policy';
import { pluginMatrix, principalOf, roleMatrix, subscribeResource } from '../../../core/policy/matrix';
import { capabilities, diffMatrices } from '../../../core/policy/matrix-diff';
import { upgradeCapabilities } from '../../../core/policy/upgrade-capabilities';
import { manifest, PHI_SHAPE, PII_SHAPE, plugin, TENANT, user } from './fixtures';

const installed = (m: PluginManifest, state: OperatorTarget['state'] = 'Active'): OperatorTarget => ({
  tenantId: TENANT,
  installationId: `inst-${m.id}`,
  pluginId: m.id,
  state,
  manifest: m,
});

const withEgress = (m: PluginManifest, overrides: Partial<PluginManifest>): PluginManifest => ({
  ...m,
  ...overrides,
});

describe('pluginMatrix: every question a plugin could ask, answered by decide', () => {
  // Prepare: a PII mailer publishing payments, receiving UserCreated, calling storage, reaching a mail API.
  const mailer = plugin({
    id: 'mailer',
    ...PII_SHAPE,
    publishes: ['PaymentReceived.v1', 'NotACanonical.v1'],
    subscribes: ['UserCreated.v1'],
    calls: ['storage.getDocument', 'absent.op', 'storage.getChart'],
    exposes: { send: { method: 'POST', path: '/send', data_classification: 'internal' } },
  });
  const principal = {
    ...mailer,
    manifest: withEgress(mailer.manifest, {
      allowed_domains: ['api.mailer.example', '*.cdn.example'],
      config: {
        type: 'object',
        properties: {
          sender: { type: 'string' },
          apiToken: { type: 'string', 'x-secret': true, 'x-secret-hosts': ['api.mailer.example'] },
          cdnKey: { type: 'string', 'x-secret': true },
        },
      },
    }),
  };
  const storage = installed(
    manifest({
      id: 'storage',
      ...PHI_SHAPE,
      subscribes: ['PaymentReceived.v1'],
      calls: ['mailer.send', 'mailer.missing'],
      exposes: {
        getDocument: { method: 'POST', path: '/d', data_classification: 'internal' },
        getChart: { method: 'POST', path: '/c', data_classification: 'phi' },
      },
    }),
  );
  const bystander = installed(manifest({ id: 'bystander' }));

  // Act
  const matrix = pluginMatrix(principal, [storage, bystander], 'Active');

  it('decides each declared, known event type as publish, with each subscriber’s copy', () => {
    // Assess
    expect(matrix.publishes.map((e) => e.eventType)).toEqual(['PaymentReceived.v1']);
    const [payment] = matrix.publishes;
    expect(payment!.decision).toEqual(
      decide(principal, 'canonical.publish', {
        tenantId: TENANT,
        eventType: 'PaymentReceived.v1',
        classification: 'pii',
      }),
    );
    expect(payment!.subscribers.map((s) => s.pluginId)).toEqual(['storage']);
    // Storage is cleared for PHI (and so up to confidential) but not for PII: the payer's name is removed.
    expect(payment!.subscribers[0]!.decision.obligations.redactFields).toEqual(['/payerName']);
  });

  it('decides what it receives with the fields removed from its copy', () => {
    expect(matrix.receives).toEqual([
      {
        eventType: 'UserCreated.v1',
        decision: decide(principal, 'canonical.subscribe', subscribeResource(TENANT, 'UserCreated.v1')),
      },
    ]);
    expect(matrix.receives[0]!.decision.obligations.redactFields).toEqual(['/dateOfBirth', '/mrn']);
  });

  it('decides the calls it declares, and leaves undecided those whose target is not installed', () => {
    expect(matrix.calls.map((c) => [c.pluginId, c.operation, c.decision?.effect])).toEqual([
      ['storage', 'getDocument', 'allow'],
      ['absent', 'op', undefined],
      ['storage', 'getChart', 'deny'],
    ]);
  });

  it('decides the calls other installations make to it, in its state', () => {
    expect(matrix.calledWith.map((c) => [c.pluginId, c.operation, c.decision?.rule])).toEqual([
      ['storage', 'send', 'operator.call'],
      ['storage', 'missing', 'operator.call.not_exposed'],
    ]);
    const stopped = pluginMatrix(principal, [storage], 'Disabled');
    expect(stopped.calledWith[0]!.decision?.rule).toBe('operator.call.target_inactive');
  });

  it('decides each allowed domain and names the secrets bound to it', () => {
    expect(matrix.egress).toEqual([
      {
        host: 'api.mailer.example',
        decision: decide(principal, 'proxy.egress', {
          host: 'api.mailer.example',
          allowlist: { matched: true, source: 'manifest', entry: 'api.mailer.example' },
        }),
        secrets: ['apiToken', 'cdnKey'],
      },
      { host: '*.cdn.example', decision: expect.objectContaining({ effect: 'allow' }), secrets: ['cdnKey'] },
    ]);
  });

  it('lists the settings it reads, secrets by name only', () => {
    expect(matrix.config).toEqual([
      { setting: 'sender', secret: false },
      { setting: 'apiToken', secret: true },
      { setting: 'cdnKey', secret: true },
    ]);
  });

  it('is empty for a plugin that declares nothing', () => {
    const bare = plugin();
    const { events: _, operations: __, ...rest } = bare.manifest;
    expect(pluginMatrix({ ...bare, manifest: rest }, [], 'Active')).toEqual({
      kind: 'plugin',
      publishes: [],
      receives: [],
      calls: [],
      calledWith: [],
      egress: [],
      config: [],
    });
  });

  it('acts for other installations as principals of their own', () => {
    expect(principalOf(storage)).toEqual({
      kind: 'plugin',
      tenantId: TENANT,
      installationId: 'inst-storage',
      pluginId: 'storage',
      manifest: storage.manifest,
    });
  });
});

describe('roleMatrix: every administrative action for one role', () => {
  it('is decide’s answer for each action in the tenant', () => {
    // Act
    const matrix = roleMatrix(user(['config_manager']));

    // Assess
    const allowed = matrix.actions.filter((a) => a.decision.effect === 'allow').map((a) => a.action);
    expect(allowed).toEqual([
      'installation.configure',
      'installation.config.read',
      'installation.read',
      'installation.list',
    ]);
    expect(capabilities(matrix)).toEqual(allowed);
  });
});

describe('diffMatrices: what one version may do that the other could not', () => {
  const v1 = plugin({ id: 'mailer', ...PII_SHAPE, subscribes: ['UserCreated.v1'] });

  it('names new capabilities and dropped ones, sorted', () => {
    // Prepare: v2 is cleared for PHI, so UserCreated arrives in full, and it reaches a host with a secret.
    const v2 = {
      ...v1,
      manifest: {
        ...manifest({
          id: 'mailer',
          traits: ['handles_pii', 'handles_phi'],
          classifications: ['pii', 'phi'],
        }),
        events: { subscribes: ['UserCreated.v1'], publishes: ['PaymentReceived.v1'] },
        allowed_domains: ['api.mailer.example'],
        config: { properties: { apiToken: { type: 'string', 'x-secret': true } } },
      },
    };

    // Act
    const diff = diffMatrices(pluginMatrix(v1, [], 'Active'), pluginMatrix(v2, [], 'Active'));

    // Assess
    expect(diff).toEqual({
      added: [
        'publish PaymentReceived.v1',
        'reach api.mailer.example',
        'read setting apiToken (by name only)',
        'receive UserCreated.v1 in full',
        'send secret apiToken to api.mailer.example',
      ],
      removed: ['receive UserCreated.v1 without /dateOfBirth, /mrn'],
    });
  });

  it('counts calls either way and leaves out what is denied', () => {
    const caller = plugin({ id: 'caller', calls: ['storage.getDocument', 'storage.nothing'] });
    const storage = installed(
      manifest({
        id: 'storage',
        calls: ['caller.ping'],
        exposes: { getDocument: { method: 'POST', path: '/d', data_classification: 'internal' } },
      }),
    );
    const withPing = {
      ...caller,
      manifest: {
        ...caller.manifest,
        operations: {
          ...caller.manifest.operations,
          exposes: { ping: { method: 'GET' as const, path: '/p', data_classification: 'internal' as const } },
        },
      },
    };
    const diff = diffMatrices(
      pluginMatrix(caller, [], 'Active'),
      pluginMatrix(withPing, [storage], 'Active'),
    );
    expect(diff.added).toEqual(['be called by storage with ping', 'call storage.getDocument']);
    expect(diff.removed).toEqual([]);
    // A role matrix against itself changes nothing.
    const role = roleMatrix(user(['admin']));
    expect(diffMatrices(role, role)).toEqual({ added: [], removed: [] });
  });
});

describe('upgradeCapabilities: the two versions’ matrices in the tenant, diffed', () => {
  it('names what the new version may do beyond the current, as running', () => {
    // Prepare
    const current = plugin({ id: 'caller', calls: ['storage.getDocument'] });
    const next = manifest({
      id: 'caller',
      calls: ['storage.getDocument'],
      publishes: ['PluginHealthChanged.v1'],
    });
    const storage = installed(
      manifest({
        id: 'storage',
        exposes: { getDocument: { method: 'POST', path: '/d', data_classification: 'internal' } },
      }),
    );

    // Act
    const diff = upgradeCapabilities(current, next, [storage]);

    // Assess
    expect(diff).toEqual({ added: ['publish PluginHealthChanged.v1'], removed: [] });
  });
});

describe('pluginMatrix: a plugin calling itself', () => {
  it('is decided against itself, in its own state, as the lane finds it', () => {
    const selfCaller = plugin({
      id: 'loop',
      calls: ['loop.ping'],
      exposes: { ping: { method: 'GET', path: '/p', data_classification: 'internal' } },
    });
    expect(pluginMatrix(selfCaller, [], 'Active').calls[0]?.decision?.effect).toBe('allow');
    expect(pluginMatrix(selfCaller, [], 'Disabled').calls[0]?.decision?.rule).toBe(
      'operator.call.target_inactive',
    );
  });
});
