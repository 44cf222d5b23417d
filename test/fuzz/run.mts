import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
// @ts-expect-error — plain ESM script without type declarations (as in cli/bin/main.ts).
import { sdkEnvironment } from '../../localstack/emulators.mjs';
import { type RunningDev, startDevProcess } from '../e2e/support/dev-process';
import { findingsOf } from './junit';
import { operationsByScheme } from './operations';
import { anonymous, type Principal, pluginPrincipals, userPrincipals } from './principals';
import { ensureFuzzer } from './venv';

// `npm run test:fuzz`: Schemathesis against schemas/openapi.json and a `vivified dev --demo` of its
// own, once per principal on the operations its security scheme applies to. Fails on any 5xx, any
// answer the document does not describe, and any crash or unhandled error of `vivified dev`.

const say = (line: string) => process.stderr.write(`[fuzz] ${line}\n`);
const DOCUMENT = 'schemas/openapi.json';
const CONFIG = 'test/fuzz/schemathesis.toml';
const REPORTS = join('test-results', 'fuzz');

/**
 * What every answer is held to. Left out, because they flag what the platform does on purpose:
 * `positive_data_acceptance` (a request the schema allows is rightly refused by the domain — 403
 * for a role without the permission, 404 for a tenant or plugin that is not there, 409 for a state
 * change that does not apply) and `object_level_authorization` (it needs one principal's resource
 * ids in another's run; cross-tenant access is test/security/tenant-isolation.test.ts's).
 */
const CHECKS = [
  'not_a_server_error',
  'status_code_conformance',
  'content_type_conformance',
  'response_schema_conformance',
  'response_headers_conformance',
  'negative_data_rejection',
  'missing_required_header',
  'unsupported_method',
  'allow_header_conformance',
  'ignored_auth',
  'use_after_free',
  'ensure_resource_availability',
];

/** The longest line of Schemathesis' output shown; the reports keep the whole case. */
const MAX_LINE = 2000;

/** What `vivified dev` prints when a request reached an error nothing handled. */
const UNHANDLED = /unhandled rejection|uncaught exception|gateway error/;

const { values: flags } = parseArgs({
  options: {
    minutes: { type: 'string' },
    seed: { type: 'string' },
    workers: { type: 'string' },
  },
});
const minutes = Number(flags.minutes ?? process.env.VIVIFIED_FUZZ_MINUTES ?? 3);
if (!(minutes > 0))
  throw new Error(`the fuzzing budget must be a positive number of minutes, not ${minutes}`);
const seed = flags.seed ?? process.env.VIVIFIED_FUZZ_SEED;
const workers = flags.workers ?? process.env.VIVIFIED_FUZZ_WORKERS ?? '2';

/**
 * The demo upstream's URLs the plugins may reach through the proxy lane, as a Schemathesis
 * dictionary (schemathesis.toml's `upstreams`): its port is new each run.
 */
function writeUpstreams(dev: RunningDev) {
  const port = /demo EHR and mailer \(self-signed TLS\) at https:\/\/127\.0\.0\.1:(\d+)/.exec(
    dev.output(),
  )?.[1];
  if (!port) throw new Error('vivified dev --demo did not say where its upstream listens');
  const urls = [
    `https://api.mailer.example:${port}/v1/messages`,
    `https://demo-clinic.ehr.example:${port}/fhir/Patient`,
    `https://api.mailer.example:${port}`,
  ];
  mkdirSync(REPORTS, { recursive: true });
  writeFileSync(join(REPORTS, 'upstreams.dict'), urls.map((url) => `${JSON.stringify(url)}\n`).join(''));
}

/** One `st run` as one principal; resolves with its exit code, or null if it had to be killed. */
function fuzz(st: string, dev: RunningDev, principal: Principal, operations: string[], seconds: number) {
  return async (token: string | undefined, onChild: (child: ChildProcess) => void) => {
    const reports = join(REPORTS, principal.name);
    mkdirSync(reports, { recursive: true });
    const args = [
      '--config-file',
      CONFIG,
      'run',
      DOCUMENT,
      '--url',
      dev.url,
      '--include-operation-id-regex',
      `^(${operations.join('|')})$`,
      '--checks',
      CHECKS.join(','),
      '--max-time',
      String(seconds),
      '--workers',
      workers,
      '--request-timeout',
      '30',
      '--report',
      'junit',
      '--report-junit-path',
      join(reports, 'junit.xml'),
      '--no-color',
      ...(token ? ['--header', `Authorization: Bearer ${token}`] : []),
      ...(seed ? ['--seed', seed] : []),
    ];
    const child = spawn(st, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    onChild(child);
    // A failing case's `curl` line carries the whole body, megabytes when it probed a size limit.
    for (const [from, to] of [
      [child.stdout, process.stdout],
      [child.stderr, process.stderr],
    ] as const)
      createInterface({ input: from }).on('line', (line) =>
        to.write(
          line.length > MAX_LINE ? `${line.slice(0, MAX_LINE)}… (${line.length} characters)\n` : `${line}\n`,
        ),
      );
    // Shrinking a failure may run past the budget; far past it is a hang.
    const limit = setTimeout(() => child.kill('SIGKILL'), (seconds * 2 + 120) * 1000);
    const [code] = await new Promise<[number | null]>((resolve) => child.once('exit', (c) => resolve([c])));
    clearTimeout(limit);
    return code;
  };
}

async function main(): Promise<number> {
  const st = ensureFuzzer(say);
  const groups = operationsByScheme(DOCUMENT);
  say('starting vivified dev --demo…');
  const dev = await startDevProcess('fuzz');
  say(`vivified dev is up at ${dev.url} (prefix ${dev.prefix})`);
  writeUpstreams(dev);
  let running: ChildProcess | undefined;
  let crashed: string | undefined;
  dev.onCrash((code, signal) => {
    crashed = `vivified dev exited during the run (${signal ?? code})`;
    running?.kill('SIGTERM');
  });
  const stop = async () => {
    running?.kill('SIGTERM');
    await dev.stop();
  };
  for (const signal of ['SIGINT', 'SIGTERM'] as const)
    process.once(signal, () => void stop().finally(() => process.exit(130)));

  const failures: string[] = [];
  try {
    const users = await userPrincipals(dev);
    const admin = await users.find((user) => user.name === 'ada')!.token(0);
    // Plugins first, while every installation still runs; then the users from the one who can
    // change least to the one who can change most: the managers may disable or uninstall the
    // demo's plugins, and the platform operator (last) may delete them from the catalog.
    const risk = ['avi', 'cam', 'ada', 'pat', 'ops'];
    const principals = [
      ...(await pluginPrincipals(dev, admin!, sdkEnvironment())),
      anonymous,
      ...users.sort((a, b) => risk.indexOf(a.name) - risk.indexOf(b.name)),
    ];
    const weight = (principal: Principal) => (principal.scheme === 'none' ? 0.25 : 1);
    const total = principals.reduce((sum, principal) => sum + weight(principal), 0);
    say(`${minutes} min over ${principals.length} principals: ${principals.map((p) => p.name).join(', ')}`);
    for (const principal of principals) {
      const operations = groups[principal.scheme];
      if (operations.length === 0) continue;
      const seconds = Math.max(10, Math.round((minutes * 60 * weight(principal)) / total));
      say(`— ${principal.name} (${principal.scheme}): ${operations.length} operations, ${seconds} s`);
      const before = dev.output().length;
      const code = await fuzz(
        st,
        dev,
        principal,
        operations,
        seconds,
      )(await principal.token(seconds * 2 + 600), (child) => {
        running = child;
      });
      running = undefined;
      const unhandled = dev
        .output()
        .slice(before)
        .split('\n')
        .filter((line) => UNHANDLED.test(line));
      // A crash is reported as one, not as the Schemathesis run it cut short.
      if (code !== 0 && !crashed) {
        const found = code === null ? undefined : findingsOf(join(REPORTS, principal.name, 'junit.xml'));
        if (found && found.failures + found.errors === 0 && found.toolErrors.length > 0)
          say(
            `${principal.name}: Schemathesis itself failed on ${found.toolErrors.join(', ')} (not a finding)`,
          );
        else failures.push(`${principal.name}: schemathesis ${code === null ? 'hung' : `failed (${code})`}`);
      }
      if (unhandled.length > 0)
        failures.push(`${principal.name}: vivified dev reported unhandled errors:\n${unhandled.join('\n')}`);
      if (crashed) {
        failures.push(`${principal.name}: ${crashed}\n${dev.output().slice(-4000)}`);
        break;
      }
    }
  } finally {
    await stop();
  }
  for (const failure of failures) say(`FAILED ${failure}`);
  say(failures.length === 0 ? 'no failures' : `${failures.length} failed; reports in ${REPORTS}/`);
  return failures.length === 0 ? 0 : 1;
}

process.exitCode = await main().catch((error: unknown) => {
  say(error instanceof Error ? (error.stack ?? error.message) : String(error));
  return 1;
});
