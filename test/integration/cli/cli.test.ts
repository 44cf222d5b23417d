import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateEventBusCommand, DeleteEventBusCommand, EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { stringify } from 'yaml';
import { DEMO_TENANT, seedDemo } from '../../../cli/dev/demo';
import { type DemoUpstream, demoEgress, startDemoUpstream } from '../../../cli/dev/demo-upstream';
import { type DevPlatform, startDev } from '../../../cli/dev/platform';
import { eventually } from '../../support/http';
import { notifierManifest } from '../../support/manifests';
import { freePort } from '../../support/ports';
import { uniqueName } from '../../support/unique';

describe('the vivified CLI, run as a real binary against the local platform', () => {
  let platform: DevPlatform;
  let upstream: DemoUpstream;
  let tokens: Awaited<ReturnType<typeof seedDemo>>;
  const scratch = mkdtempSync(join(tmpdir(), 'vivified-cli-'));

  beforeAll(async () => {
    upstream = await startDemoUpstream();
    platform = await startDev({
      port: await freePort(),
      prefix: uniqueName('cli', 30),
      healthIntervalSeconds: 3600,
      egress: demoEgress(upstream),
    });
    tokens = await seedDemo(platform, upstream, () => undefined);
  });

  afterAll(async () => {
    await platform.stop();
    await upstream.close();
  });

  const vivified = (args: string[], token: string) =>
    new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
      execFile(
        process.execPath,
        ['cli/bin/vivified.cjs', ...args],
        {
          env: {
            PATH: process.env.PATH,
            HOME: scratch,
            VIVIFIED_ENDPOINT: platform.url,
            VIVIFIED_TENANT: DEMO_TENANT,
            VIVIFIED_TOKEN: token,
            VIVIFIED_PROFILE: join(scratch, 'profile.json'),
            NO_COLOR: '1',
          },
          timeout: 60_000,
        },
        (error, stdout, stderr) =>
          resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr }),
      );
    });

  it('registers, installs with consent, configures and lists, for people and for scripts', async () => {
    const manifest = join(scratch, 'notifier.json');
    // Its own id: the demo has installed the example notifier already.
    writeFileSync(manifest, JSON.stringify(notifierManifest('1.0.0', { id: 'cli-notifier' })));

    expect((await vivified(['plugins', 'register', manifest], tokens.platform_admin)).stdout).toContain(
      'registered cli-notifier@1.0.0',
    );
    // Where each secret may go is part of what a tenant consents to.
    const shown = await vivified(['plugins', 'show', 'cli-notifier'], tokens.plugin_manager);
    expect(shown.stdout).toContain('  - Sends requests to api.mailer.example\n');
    expect(shown.stdout).toContain('  - Sends the secret apiToken to any allowlisted host\n');
    const refused = await vivified(['plugins', 'install', 'cli-notifier'], tokens.plugin_manager);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('--yes');
    expect(
      (await vivified(['plugins', 'install', 'cli-notifier', '--yes'], tokens.plugin_manager)).stdout,
    ).toContain('cli-notifier@1.0.0 is Registered');
    const configured = await vivified(
      [
        'plugins',
        'config',
        'cli-notifier',
        '--set',
        'sender=hi@demo.example',
        '--set',
        'batchSize=5',
        '--secret',
        'apiToken=tok-12345678',
      ],
      tokens.config_manager,
    );
    expect(configured.stdout).toMatch(/apiToken\s+\*{8}/);
    expect(configured.stdout).not.toContain('tok-12345678');
    expect(configured.stdout).toContain('apiToken is sent to any allowlisted host\n');
    const listed = await vivified(['plugins', 'list'], tokens.admin);
    expect(listed.stdout.split('\n')[0]).toMatch(/^PLUGIN\s+VERSION\s+STATE\s+UPDATED$/);
    expect(listed.stdout).toMatch(/cli-notifier\s+1\.0\.0\s+Registered/);
    const json = JSON.parse((await vivified(['plugins', 'list', '--json'], tokens.admin)).stdout);
    expect(json.find((i: { pluginId: string }) => i.pluginId === 'cli-notifier')).toMatchObject({
      state: 'Registered',
    });
  });

  it('shows every field error of a bad config and exits 7', async () => {
    const bad = await vivified(
      ['plugins', 'config', 'cli-notifier', '--set', 'sender=nope', '--set', 'batchSize=0'],
      tokens.config_manager,
    );

    expect(bad.code).toBe(7);
    expect(bad.stderr).toContain('/values/sender');
    expect(bad.stderr).toContain('/values/batchSize');
  });

  it('exits with the documented codes for refusals and unknowns', async () => {
    expect((await vivified(['plugins', 'list'], tokens.audit_viewer)).code).toBe(4);
    expect((await vivified(['plugins', 'list'], 'not-a-token')).code).toBe(3);
    expect((await vivified(['plugins', 'health', 'nothing-here'], tokens.admin)).code).toBe(5);
  });

  it('exits 2 for a wrong call, as its help says, and 0 for help asked for', async () => {
    const wrong = [
      ['plugins', 'frobnicate'],
      ['plugins', 'install'],
      ['plugins', 'list', '--no-such-flag'],
      ['plugins', 'config', 'notifier', '--secret', 'apiToken'],
      [],
    ];
    for (const args of wrong) expect((await vivified(args, tokens.admin)).code, args.join(' ')).toBe(2);
    expect(
      (await vivified(['plugins', 'config', 'notifier', '--secret', 'apiToken'], tokens.admin)).stderr,
    ).toContain('--secret expects key=value');
    const help = await vivified(['--help'], '');
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('2 usage');
  });

  it('says an enabled plugin is already enabled instead of listing internal steps', async () => {
    const again = await vivified(['plugins', 'enable', 'notifier'], tokens.plugin_manager);

    expect(again.code).toBe(6);
    expect(again.stderr).toContain('The plugin is already enabled (Active).');
    expect(again.stderr).not.toMatch(/health_failed|provisioned/);
  });

  it('registers a YAML manifest, and shows the HIPAA safeguards and audit level it states', async () => {
    const manifest = join(scratch, 'compliant.yaml');
    const broken = join(scratch, 'broken.yml');
    writeFileSync(
      manifest,
      stringify(
        notifierManifest('1.0.0', {
          id: 'cli-compliant',
          // No settings to fill in: the upgrade below waits for consent alone.
          config: undefined,
          compliance: {
            data_retention_days: 30,
            hipaa_controls: ['transmission_security'],
            audit_level: 'complete',
          },
        }),
      ),
    );
    writeFileSync(broken, 'id: cli-broken\nname: [x\n');

    const registered = await vivified(['plugins', 'register', manifest], tokens.platform_admin);
    const refused = await vivified(['plugins', 'register', broken], tokens.platform_admin);
    const shown = await vivified(['plugins', 'show', 'cli-compliant'], tokens.plugin_manager);

    expect(registered.stdout).toContain('registered cli-compliant@1.0.0');
    expect(refused.code).toBe(7);
    expect(refused.stderr).toMatch(/is not valid YAML: line 3, column 1: /);
    expect(shown.stdout).toContain(
      '  - States it implements the HIPAA safeguards transmission security (164.312(e))\n',
    );
    expect(shown.stdout).toMatch(/ {2}- Is audited at level complete: /);

    // A version that withdraws the safeguard and lowers the level: the upgrade names both and waits for consent.
    writeFileSync(
      manifest,
      stringify(
        notifierManifest('1.1.0', {
          id: 'cli-compliant',
          // No settings to fill in: the upgrade below waits for consent alone.
          config: undefined,
          compliance: { data_retention_days: 30, audit_level: 'detailed' },
        }),
      ),
    );
    expect((await vivified(['plugins', 'register', manifest], tokens.platform_admin)).code).toBe(0);
    expect(
      (
        await vivified(
          ['plugins', 'install', 'cli-compliant', '--version', '1.0.0', '--yes'],
          tokens.plugin_manager,
        )
      ).code,
    ).toBe(0);
    const asked = await vivified(['plugins', 'upgrade', 'cli-compliant', '1.1.0'], tokens.plugin_manager);
    expect(asked.stdout).toContain('cli-compliant 1.0.0 → 1.1.0 needs consent (--yes) to:');
    expect(asked.stdout).toContain('  + auditLevel: detailed\n');
    expect(asked.stdout).toContain('  - hipaaControls: transmission_security\n');
    const upgraded = await vivified(
      ['plugins', 'upgrade', 'cli-compliant', '1.1.0', '--yes'],
      tokens.plugin_manager,
    );
    expect(upgraded.stdout).toContain('cli-compliant upgraded 1.0.0 → 1.1.0');
  });

  it('starts an installation with its manifest’s config defaults and keeps them when configured', async () => {
    const manifest = join(scratch, 'defaults.json');
    const base = notifierManifest('1.0.0', { id: 'cli-defaults' });
    const config = base.config as { properties: Record<string, Record<string, unknown>> };
    config.properties.batchSize = { ...config.properties.batchSize, default: 10 };
    writeFileSync(manifest, JSON.stringify(base));
    await vivified(['plugins', 'register', manifest], tokens.platform_admin);
    await vivified(['plugins', 'install', 'cli-defaults', '--yes'], tokens.plugin_manager);

    const installed = JSON.parse(
      (await vivified(['plugins', 'config', 'cli-defaults', '--json'], tokens.config_manager)).stdout,
    );
    const configured = JSON.parse(
      (
        await vivified(
          ['plugins', 'config', 'cli-defaults', '--set', 'sender=hi@demo.example', '--json'],
          tokens.config_manager,
        )
      ).stdout,
    );

    expect(installed.values).toEqual({ batchSize: 10 });
    expect(configured.values).toEqual({ sender: 'hi@demo.example', batchSize: 10 });
  });

  it('adds, lists and removes an external subscriber', async () => {
    const eventBridge = new EventBridgeClient({});
    const busName = uniqueName('cli-elsewhere', 40);
    const { EventBusArn } = await eventBridge.send(new CreateEventBusCommand({ Name: busName }));
    onTestFinished(() =>
      eventBridge.send(new DeleteEventBusCommand({ Name: busName })).then(() => undefined),
    );

    const added = await vivified(
      ['subscribers', 'add', EventBusArn!, '--type', 'UserCreated.v1', '--json'],
      tokens.admin,
    );
    expect(added.code, added.stderr).toBe(0);
    const { subscriberId } = JSON.parse(added.stdout);
    const listed = await vivified(['subscribers', 'list'], tokens.admin);
    expect(listed.stdout).toMatch(new RegExp(`${subscriberId}\\s+${EventBusArn}\\s+UserCreated\\.v1`));
    expect((await vivified(['subscribers', 'add', EventBusArn!], tokens.admin)).code).toBe(2);
    const removed = await vivified(['subscribers', 'remove', subscriberId], tokens.admin);
    expect(removed.stdout).toContain(`subscriber ${subscriberId} removed`);
    const after = JSON.parse((await vivified(['subscribers', 'list', '--json'], tokens.admin)).stdout);
    expect(after.map((s: { subscriberId: string }) => s.subscriberId)).not.toContain(subscriberId);
  });

  it('prints an installation’s lane metrics for people and for scripts, and exits 2 for an unknown window', async () => {
    // Lane traffic of the notifier's own: two reads of its config with a credential the platform issued.
    const notifier = (await platform.plane.installations.get(DEMO_TENANT, 'notifier'))!;
    const { token } = await platform.plane.credentials.issue(notifier);
    for (let i = 0; i < 2; i += 1) {
      const read = await fetch(`${platform.url}/v1/self/config`, {
        headers: { authorization: `Bearer ${token}` },
      });
      expect(read.status).toBe(200);
    }

    const json = await vivified(
      ['plugins', 'metrics', 'notifier', '--window', 'day', '--json'],
      tokens.plugin_manager,
    );
    expect(json.code).toBe(0);
    const metrics = JSON.parse(json.stdout);
    expect(metrics).toMatchObject({ window: 'day', bucketSeconds: 900 });
    const self = metrics.lanes.find((lane: { lane: string }) => lane.lane === 'self');
    expect(self.calls.reduce((a: number, b: number) => a + b, 0)).toBeGreaterThanOrEqual(2);

    const human = await vivified(['plugins', 'metrics', 'notifier'], tokens.plugin_manager);
    expect(human.code).toBe(0);
    expect(human.stdout).toMatch(
      /^notifier: lane metrics of the last hour from \S+, one column per minute$/m,
    );
    expect(human.stdout).toMatch(/^LANE\s+CALLS\s+ERRORS\s+WORST P50\s+WORST P95\s+CALLS OVER TIME/m);
    expect(human.stdout).toMatch(/^self\s+\d+\s+0\s+[\d.]+ ms/m);

    const wrong = await vivified(
      ['plugins', 'metrics', 'notifier', '--window', 'week'],
      tokens.plugin_manager,
    );
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toContain('--window must be hour or day, got week');
  });

  it('redrives dead letters only of an enabled plugin, saying why not otherwise', async () => {
    const refused = await vivified(['plugins', 'redrive', 'cli-notifier'], tokens.plugin_manager);

    expect(refused.code).toBe(6);
    expect(refused.stderr).toContain('has not been enabled');
  });

  it('lists tenants for the platform administrator only', async () => {
    const listed = JSON.parse((await vivified(['tenants', 'list', '--json'], tokens.platform_admin)).stdout);

    expect(listed.map((t: { id: string }) => t.id)).toContain(DEMO_TENANT);
    expect((await vivified(['tenants', 'list'], tokens.admin)).code).toBe(4);
  });

  // Each language's own test, as its README says to run it.
  const ownTest: Record<string, (dir: string) => [string, string[], string]> = {
    node: (dir) => [process.execPath, [join(process.cwd(), 'node_modules/vitest/vitest.mjs'), 'run'], dir],
    python: (dir) => ['sdk/python/.venv/bin/python', ['-m', 'pytest', '-q', dir], '.'],
    go: (dir) => ['go', ['test', './...'], dir],
  };

  it.each(['node', 'python', 'go'])(
    'writes a %s plugin with `init` that passes its own checks and runs Active on the platform',
    async (language) => {
      if (language === 'python')
        execFileSync(process.execPath, ['scripts/python-sdk-venv.mjs'], { stdio: 'ignore' });
      // Under the project, so its code resolves its SDK as an author's would; git-ignored.
      const id = uniqueName(`hello-${language}`, 40);
      const dir = `test-results/init/${id}`;
      onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
      const written = await vivified(
        ['init', dir, '--lang', language, '--category', 'Communication', '--json'],
        '',
      );
      expect(written.code, written.stderr).toBe(0);
      expect(JSON.parse(written.stdout)).toMatchObject({ id, language, directory: dir });
      expect((await vivified(['init', dir], '')).code).toBe(6);
      expect((await vivified(['manifest', 'validate', `${dir}/manifest.json`], '')).code).toBe(0);
      const [command, args, cwd] = ownTest[language]!(dir);
      const tested = await new Promise<string | undefined>((resolve) =>
        execFile(command, args, { cwd: cwd === '.' ? process.cwd() : cwd }, (error, stdout, stderr) =>
          resolve(error ? `${stdout}${stderr}` : undefined),
        ),
      );
      expect(tested).toBeUndefined();

      expect(
        (await vivified(['plugins', 'register', `${dir}/manifest.json`], tokens.platform_admin)).code,
      ).toBe(0);
      expect((await vivified(['plugins', 'install', id, '--yes'], tokens.plugin_manager)).code).toBe(0);
      expect((await vivified(['plugins', 'enable', id], tokens.plugin_manager)).code).toBe(0);
      const health = await eventually(
        `the new ${language} plugin running`,
        async () => {
          const answer = JSON.parse(
            (await vivified(['plugins', 'health', id, '--json'], tokens.admin)).stdout,
          );
          if (answer.state !== 'Active' || answer.runtime.running !== 1) return undefined;
          // The plugin itself answers its health path: the SDK is serving, not only a process up.
          const served = await fetch(`${answer.runtime.endpoint}/health`).catch(() => undefined);
          return served?.ok ? answer : undefined;
        },
        90,
      );
      expect(health).toMatchObject({ state: 'Active' });
      expect((await vivified(['plugins', 'disable', id], tokens.plugin_manager)).code).toBe(0);
    },
    180_000,
  );

  it('verifies the audit chain', async () => {
    const verified = await vivified(['audit', 'verify'], tokens.audit_viewer);

    expect(verified.code).toBe(0);
    expect(verified.stdout).toMatch(/chain intact: \d+ records/);
    const listed = JSON.parse(
      (await vivified(['audit', 'list', '--json', '--action', 'installation.install'], tokens.audit_viewer))
        .stdout,
    );
    expect(listed.items.length).toBeGreaterThan(0);
  });
});
