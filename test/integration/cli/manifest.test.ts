import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';

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

  it('reads a manifest written in YAML (.yaml or .yml) as the same manifest, its errors at JSON pointers', async () => {
    const notifier = JSON.parse(readFileSync('examples/notifier/manifest.json', 'utf8'));
    const good = join(scratch, 'notifier.yaml');
    const wrong = join(scratch, 'notifier.yml');
    writeFileSync(good, stringify(notifier));
    writeFileSync(
      wrong,
      stringify({ ...notifier, runtime: { ...notifier.runtime, cpu: 300 }, colour: 'blue' }),
    );

    expect(await vivified('validate', good)).toMatchObject({
      code: 0,
      stdout: expect.stringContaining('valid manifest of notifier 1.0.0'),
    });
    const refused = await vivified('validate', wrong, '--json');
    expect(refused.code).toBe(7);
    expect(JSON.parse(refused.stdout).errors.map((e: { pointer: string }) => e.pointer)).toEqual([
      '/colour',
      '/runtime/cpu',
    ]);
  });

  it.each([
    ['a syntax error', 'id: x\nname: [a\nversion: 1.0.0\n', /line 3, column 1: Flow sequence/],
    ['a repeated key', 'id: x\nname: A\nid: y\n', /line 3, column 1: Map keys must be unique/],
    [
      'two documents in one file',
      'id: x\n---\nid: y\n',
      /line 2, column 1: Source contains multiple documents/,
    ],
    [
      'a tag JSON has no value for',
      'id: !!binary aGVsbG8=\n',
      /line 1, column \d+: !!binary has no JSON equivalent/,
    ],
    ['an unknown tag', 'id: !plugin x\n', /line 1, column 5: Unresolved tag: !plugin/],
  ])('refuses YAML with %s with exit 7, saying where', async (_, text, words) => {
    const file = join(scratch, 'broken.yaml');
    writeFileSync(file, text);

    const human = await vivified('validate', file);
    const json = await vivified('validate', file, '--json');

    expect(human.code).toBe(7);
    expect(human.stderr).toMatch(words);
    expect(json.code).toBe(7);
    expect(JSON.parse(json.stdout).error).toMatch(/is not valid YAML: line \d+, column \d+: /);
  });

  it('migrates a YAML Vivified manifest, carrying its HIPAA safeguards and audit level, and writes YAML when asked', async () => {
    const output = join(scratch, 'lab-results.yaml');

    const migrated = await vivified(
      'migrate',
      `${corpus}/yaml/lab-results.yaml`,
      '--image',
      image,
      '-o',
      output,
    );

    expect(migrated.code, migrated.stderr).toBe(0);
    expect(migrated.stderr).toMatch(/^\/compliance\/hipaa_controls → \/compliance\/hipaa_controls: /m);
    const written = parse(readFileSync(output, 'utf8'));
    expect(written.compliance).toEqual({
      data_retention_days: 2555,
      hipaa_controls: ['access_control', 'audit_controls', 'transmission_security'],
      audit_level: 'detailed',
    });
    expect(written.runtime).toMatchObject({ cpu: 512, memory: 1024, port: 9100, health_path: '/healthz' });
    expect((await vivified('validate', output)).code).toBe(0);
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
      expect.arrayContaining(['/traits', '/compliance/data_retention_days', '/compliance/audit_level']),
    );
    expect(noImage.code).toBe(7);
    expect(noImage.stderr).toContain(
      '/runtime/image: the Vivified format names no container image: give it with --image',
    );
    expect(noImage.stdout).toBe('');
  });
});
