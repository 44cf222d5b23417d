import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_TENANT, seedDemo } from '../../../cli/dev/demo';
import { type DemoUpstream, demoEgress, startDemoUpstream } from '../../../cli/dev/demo-upstream';
import { type DevPlatform, startDev } from '../../../cli/dev/platform';
import type { AuditPage } from '../../../functions/wire';
import { freePort } from '../../support/ports';
import { uniqueName } from '../../support/unique';

describe('`vivified audit`, run as a real binary against the local platform', () => {
  let platform: DevPlatform;
  let upstream: DemoUpstream;
  let tokens: Awaited<ReturnType<typeof seedDemo>>;
  const scratch = mkdtempSync(join(tmpdir(), 'vivified-audit-cli-'));

  beforeAll(async () => {
    upstream = await startDemoUpstream();
    platform = await startDev({
      port: await freePort(),
      prefix: uniqueName('cli-audit', 30),
      healthIntervalSeconds: 3600,
      egress: demoEgress(upstream),
    });
    tokens = await seedDemo(platform, upstream, () => undefined);
  });

  afterAll(async () => {
    await platform.stop();
    await upstream.close();
  });

  const environment = (token: string) => ({
    PATH: process.env.PATH,
    HOME: scratch,
    VIVIFIED_ENDPOINT: platform.url,
    VIVIFIED_TENANT: DEMO_TENANT,
    VIVIFIED_TOKEN: token,
    VIVIFIED_PROFILE: join(scratch, 'profile.json'),
    NO_COLOR: '1',
  });

  const vivified = (args: string[], token = tokens.audit_viewer) =>
    new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
      execFile(
        process.execPath,
        ['cli/bin/vivified.cjs', ...args],
        { env: environment(token), timeout: 60_000 },
        (error, stdout, stderr) =>
          resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr }),
      );
    });
  const page = async (args: string[]): Promise<AuditPage> => {
    const run = await vivified(['audit', 'list', '--json', ...args]);
    expect(run.code, run.stderr).toBe(0);
    return JSON.parse(run.stdout) as AuditPage;
  };

  it('pages newest first by --limit and --cursor, and reads every record once with --all', async () => {
    // Act
    const first = await page(['--limit', '3']);
    const second = await page(['--limit', '3', '--cursor', first.cursor ?? '']);
    const everything = await page(['--all', '--oldest', '--limit', '7']);
    const people = await vivified(['audit', 'list', '--limit', '2']);

    // Assess
    const firstSeqs = first.items.map((r) => r.seq);
    expect(firstSeqs).toHaveLength(3);
    expect(firstSeqs).toEqual([...firstSeqs].sort((a, b) => b - a));
    // The second page goes on below the first (the reads of the trail in between are newer).
    expect(second.items.map((r) => r.seq)).toEqual([firstSeqs[2]! - 1, firstSeqs[2]! - 2, firstSeqs[2]! - 3]);
    const seqs = everything.items.map((r) => r.seq);
    expect(seqs.length).toBeGreaterThan(7);
    expect(seqs).toEqual(seqs.map((_, i) => i + 1));
    expect(people.code).toBe(0);
    expect(people.stdout.split('\n')[0]).toMatch(/^SEQ\s+TIME\s+ACTOR\s+ACTION\s+DECISION\s+TARGET$/);
    // The newest record is this very read, by the audit viewer, named.
    expect(people.stdout.split('\n')[1]).toMatch(/Avi \(audit viewer\)\s+audit\.read\s+allow/);
    expect(people.stderr).toMatch(/^more: vivified audit list --cursor \S+ \(or --all\)$/m);
  });

  it('filters by action prefix, decision and trace', async () => {
    // Act
    const installation = await page(['--all', '--action', 'installation.*']);
    const trace = installation.items[0]!.traceId;
    const ofTrace = await page(['--trace', trace]);
    const denied = await page(['--decision', 'deny', '--action', 'installation.*']);

    // Assess
    expect(installation.items.length).toBeGreaterThan(1);
    expect(installation.items.every((r) => r.action.startsWith('installation.'))).toBe(true);
    expect(ofTrace.items.length).toBeGreaterThan(0);
    expect(ofTrace.items.every((r) => r.traceId === trace)).toBe(true);
    expect(denied.items.every((r) => r.decision === 'deny' && r.action.startsWith('installation.'))).toBe(
      true,
    );
  });

  it('refuses a bad cursor and bad filters with exit 7, naming every parameter', async () => {
    // Act
    const cursor = await vivified(['audit', 'list', '--cursor', 'not-a-cursor']);
    const filters = await vivified(['audit', 'list', '--from', 'soon', '--decision', 'maybe']);

    // Assess
    expect(cursor.code, cursor.stderr).toBe(7);
    expect(cursor.stderr).toContain('/cursor');
    expect(filters.code).toBe(7);
    expect(filters.stderr).toContain('/from');
    expect(filters.stderr).toContain('/decision');
  });

  it('exports a time range as JSON lines, each record as stored, which verify offline', async () => {
    // Prepare
    const file = join(scratch, 'export.jsonl');
    const stored = (await page(['--all', '--oldest', '--limit', '100'])).items;

    // Act
    const exported = await vivified(['audit', 'export', '--from', '1d', '--output', file]);
    const again = await vivified(['audit', 'export', '--from', '1d', '--output', file]);
    const verified = await vivified(['audit', 'verify', '--file', file]);
    const lines = readFileSync(file, 'utf8').trim().split('\n');
    const tampered = join(scratch, 'tampered.jsonl');
    writeFileSync(tampered, lines.map((l, i) => (i === 2 ? l.replace('"allow"', '"deny"') : l)).join('\n'));
    const broken = await vivified(['audit', 'verify', '--file', tampered]);

    // Assess
    expect(exported.code, exported.stderr).toBe(0);
    expect(exported.stderr).toMatch(/exported \d+ records to /);
    const records = lines.map((line) => JSON.parse(line));
    expect(records.slice(0, stored.length)).toEqual(stored);
    expect(again.code).not.toBe(0);
    expect(verified.stdout).toMatch(/^export intact: \d+ records, seq 1–\d+/);
    expect(verified.code).toBe(0);
    expect(broken.code).toBe(1);
    expect(broken.stdout).toContain('export BROKEN at record 3: hash_mismatch');
  });

  it('tails the trail, follows it without showing its own polls, and exits 0 on SIGINT', async () => {
    // Prepare
    const tail = spawn(
      process.execPath,
      ['cli/bin/vivified.cjs', 'audit', 'tail', '-n', '3', '--follow', '--interval', '1'],
      { env: environment(tokens.audit_viewer) },
    );
    let stdout = '';
    let stderr = '';
    tail.stdout.on('data', (chunk) => {
      stdout += chunk;
    });
    tail.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    const exited = new Promise<number | null>((resolve) => tail.on('exit', (code) => resolve(code)));
    const waitFor = async (pattern: RegExp) => {
      for (let i = 0; i < 100 && !pattern.test(stdout); i++) await new Promise((r) => setTimeout(r, 200));
      expect(stdout, stderr).toMatch(pattern);
    };

    // Act
    await waitFor(/^SEQ\s+TIME/);
    const shownFirst = stdout.trim().split('\n').length;
    // Another user's read of the chain is a new record the tail must show.
    expect((await vivified(['audit', 'verify'], tokens.admin)).code).toBe(0);
    await waitFor(/audit\.verify/);
    await new Promise((r) => setTimeout(r, 2_500));
    tail.kill('SIGINT');

    // Assess
    expect(await exited).toBe(0);
    const rows = stdout.trim().split('\n');
    expect(shownFirst).toBe(4);
    expect(rows.filter((row) => /audit\.verify/.test(row))).toHaveLength(1);
    // Its own polls of the trail (audit.read by the viewer each second) are not among them.
    expect(rows.slice(shownFirst).filter((row) => /audit\.read/.test(row))).toEqual([]);
  }, 60_000);
});
