import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

// `vivified manifest …` as an author runs it: the real binary, offline, exit codes and output.
describe('vivified manifest, run as a real binary', () => {
  const scratch = mkdtempSync(join(tmpdir(), 'vivified-manifest-'));
  const corpus = 'test/fixtures/vivified-manifests';
  const image = '123456789012.dkr.ecr.eu-west-1.amazonaws.com/sms:2.1.0';

  const vivified = (...args: string[]) =>
    new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
      execFile(
        process.execPath,
        ['cli/bin/vivified.cjs', 'manifest', ...args],
        { env: { PATH: process.env.PATH, NO_COLOR: '1' }, timeout: 60_000 },
        (error, stdout, stderr) =>
          resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
      );
    });

  it('validates a good manifest with exit 0, and says so in JSON', async () => {
    const human = await vivified('validate', 'examples/notifier/manifest.json');
    const json = await vivified('validate', 'examples/notifier/manifest.json', '--json');

    expect(human).toMatchObject({ code: 0 });
    expect(human.stdout).toContain('valid manifest of notifier 1.0.0');
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toEqual({ valid: true });
  });

  it('refuses a Vivified-format manifest with exit 7, every problem at its pointer, saying where fields went', async () => {
    const json = await vivified('validate', `${corpus}/sms-notifier.json`, '--json');
    const human = await vivified('validate', `${corpus}/sms-notifier.json`);

    expect(json.code).toBe(7);
    const { valid, errors } = JSON.parse(json.stdout);
    expect(valid).toBe(false);
    expect(errors).toContainEqual({
      pointer: '/runtime',
      message: 'is required: an object with image, cpu, memory, port, health_path',
    });
    expect(errors.find((e: { pointer: string }) => e.pointer === '/endpoints').message).toMatch(
      /\/operations\/exposes/,
    );
    expect(human.code).toBe(7);
    expect(human.stderr).toMatch(/^ {2}\/health_check: is Vivified's format/m);
  });

  it('tells a missing file, a directory and bad JSON apart', async () => {
    const bad = join(scratch, 'bad.json');
    writeFileSync(bad, '{"id": ');

    expect(await vivified('validate', join(scratch, 'absent.json'))).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('no such file'),
    });
    expect(await vivified('validate', scratch)).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('is a directory'),
    });
    const invalid = await vivified('validate', bad, '--json');
    expect(invalid.code).toBe(7);
    expect(JSON.parse(invalid.stdout).error).toMatch(/is not JSON/);
  });

  it('migrates a Vivified manifest into a file the validator accepts, printing each change', async () => {
    const output = join(scratch, 'sms.json');
    const migrated = await vivified(
      'migrate',
      `${corpus}/sms-notifier.json`,
      '--image',
      image,
      '--output',
      output,
    );

    expect(migrated.code).toBe(0);
    expect(migrated.stderr).toMatch(/^\/endpoints → \/operations\/exposes: /m);
    expect(migrated.stderr).toMatch(
      /^\/rate_limits\/requests_per_minute → \/rate_limits\/operator_calls_per_minute: /m,
    );
    const written = JSON.parse(readFileSync(output, 'utf8'));
    expect(written.runtime.image).toBe(image);
    expect(written.rate_limits).toEqual({ operator_calls_per_minute: 120, egress_requests_per_minute: 120 });
    expect((await vivified('validate', output)).code).toBe(0);
    // An existing target is not overwritten without --force.
    expect(
      await vivified('migrate', `${corpus}/sms-notifier.json`, '--image', image, '-o', output),
    ).toMatchObject({
      code: 6,
      stderr: expect.stringContaining('pass --force'),
    });
    expect(
      (await vivified('migrate', `${corpus}/sms-notifier.json`, '--image', image, '-o', output, '--force'))
        .code,
    ).toBe(0);
  });

  it('writes nothing and exits 7 when the migrated manifest would still be refused', async () => {
    const output = join(scratch, 'chart.json');
    const refused = await vivified(
      'migrate',
      `${corpus}/hostile/phi-without-audit.json`,
      '--image',
      image,
      '-o',
      output,
      '--json',
    );
    const noImage = await vivified('migrate', `${corpus}/records-store.json`);

    expect(refused.code).toBe(7);
    expect(existsSync(output)).toBe(false);
    expect(JSON.parse(refused.stdout).errors.map((e: { pointer: string }) => e.pointer)).toEqual(
      expect.arrayContaining(['/traits', '/compliance/data_retention_days']),
    );
    expect(noImage.code).toBe(7);
    expect(noImage.stderr).toContain(
      '/runtime/image: the Vivified format names no container image: give it with --image',
    );
    expect(noImage.stdout).toBe('');
  });
});
