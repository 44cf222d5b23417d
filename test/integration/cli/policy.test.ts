import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_TENANT, seedDemo } from '../../../cli/dev/demo';
import { type DemoUpstream, demoEgress, startDemoUpstream } from '../../../cli/dev/demo-upstream';
import { type DevPlatform, startDev } from '../../../cli/dev/platform';
import type { AuditPage, Explanation, SimulationAnswer } from '../../../functions/wire';
import { freePort } from '../../support/ports';
import { uniqueName } from '../../support/unique';

describe('`vivified policy`, run as a real binary against the local platform', () => {
  let platform: DevPlatform;
  let upstream: DemoUpstream;
  let tokens: Awaited<ReturnType<typeof seedDemo>>;
  const scratch = mkdtempSync(join(tmpdir(), 'vivified-policy-cli-'));

  beforeAll(async () => {
    upstream = await startDemoUpstream();
    platform = await startDev({
      port: await freePort(),
      prefix: uniqueName('cli-policy', 30),
      healthIntervalSeconds: 3600,
      egress: demoEgress(upstream),
    });
    tokens = await seedDemo(platform, upstream, () => undefined);
  });

  afterAll(async () => {
    await platform.stop();
    await upstream.close();
  });

  const vivified = (args: string[], token = tokens.admin) =>
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

  it('prints an installation’s matrix as a table and as JSON', async () => {
    // Act
    const people = await vivified(['policy', 'simulate', '--installation', 'notifier', '--all']);
    const json = await vivified(['policy', 'simulate', '--installation', 'notifier', '--all', '--json']);

    // Assess
    expect(people.code, people.stderr).toBe(0);
    expect(people.stdout).toMatch(/^installation notifier@\S+ \(Active\)\nWHAT\s+ON\s+DECISION\s+DETAIL/);
    expect(people.stdout).toMatch(
      /receive\s+UserCreated\.v1\s+allow \(canonical\.subscribe\)\s+redacted: \/dateOfBirth, \/mrn/,
    );
    expect(people.stdout).toMatch(
      /egress\s+api\.mailer\.example \(any path\)\s+allow \(proxy\.egress\)\s+secrets: apiToken/,
    );
    const answer = JSON.parse(json.stdout) as SimulationAnswer;
    expect('matrix' in answer && answer.matrix.kind).toBe('plugin');
  });

  it('answers one question, for an installation and for a role', async () => {
    const egress = await vivified([
      'policy',
      'simulate',
      '--installation',
      'notifier',
      '--action',
      'proxy.egress',
      '--resource',
      'url=https://evil.example/x',
    ]);
    const role = await vivified([
      'policy',
      'simulate',
      '--role',
      'audit_viewer',
      '--action',
      'installation.configure',
      '--json',
    ]);

    expect(egress.code, egress.stderr).toBe(0);
    expect(egress.stdout).toContain('proxy.egress: DENY');
    expect(egress.stdout).toContain('decide: deny (proxy.egress.not_allowlisted)');
    const answer = JSON.parse(role.stdout) as SimulationAnswer;
    expect('decision' in answer && answer.decision).toMatchObject({
      effect: 'deny',
      decision: { rule: 'role_required' },
    });
  });

  it('exits 2 on a wrong call, 7 on input the API refuses, 4 without the right, 5 for no such plugin', async () => {
    const usage = await vivified(['policy', 'simulate', '--role', 'admin']);
    const both = await vivified([
      'policy',
      'simulate',
      '--role',
      'admin',
      '--installation',
      'notifier',
      '--all',
    ]);
    const invalid = await vivified(['policy', 'simulate', '--role', 'root', '--all']);
    const forbidden = await vivified(
      ['policy', 'simulate', '--role', 'admin', '--all'],
      tokens.config_manager,
    );
    const missing = await vivified(['policy', 'simulate', '--plugin', 'notifier@9.9.9', '--all']);

    expect([usage.code, both.code, invalid.code, forbidden.code, missing.code]).toEqual([2, 2, 7, 4, 5]);
    expect(invalid.stderr).toContain('/principal/role');
  });

  it('explains an audit record by its seq, and refuses a bad one', async () => {
    // Prepare: the config manager's refusal just above is a decision with its inputs.
    const listed = await vivified([
      'audit',
      'list',
      '--json',
      '--action',
      'policy.simulate',
      '--decision',
      'deny',
    ]);
    const [refused] = (JSON.parse(listed.stdout) as AuditPage).items;

    // Act
    const people = await vivified(['policy', 'explain', String(refused!.seq)]);
    const json = await vivified(['policy', 'explain', String(refused!.seq), '--json']);
    const bad = await vivified(['policy', 'explain', 'first']);

    // Assess
    expect(people.code, people.stderr).toBe(0);
    expect(people.stdout).toContain(`record ${refused!.seq}`);
    expect(people.stdout).toContain(
      'asked again with the recorded inputs: deny (role_required) — the same decision',
    );
    const explanation = JSON.parse(json.stdout) as Explanation;
    expect(explanation.inputs?.principal).toMatchObject({ kind: 'user', roles: ['config_manager'] });
    expect(bad.code).toBe(7);
  });
});
