import { writeFileSync } from 'node:fs';
import { Command, InvalidArgumentError, Option } from 'commander';
// @ts-expect-error — plain ESM script without type declarations; it must run before any build.
import { down, sdkEnvironment, up } from '../../localstack/emulators.mjs';
import { adminCommands, devTokensPath } from '../commands/admin';
import { auditCommands } from '../commands/audit';
import { initCommand } from '../commands/init';
import { manifestCommands } from '../commands/manifest';
import { pluginCommands } from '../commands/plugins';
import { policyCommands } from '../commands/policy';
import { subscriberCommands } from '../commands/subscribers';
import { DEMO_TENANT, seedDemo } from '../dev/demo';
import { type DemoUpstream, demoEgress, startDemoUpstream } from '../dev/demo-upstream';
import { type DevPlatform, receiveLimit, startDev } from '../dev/platform';
import { guardDevProcess } from '../dev/process-guard';
import { EXIT, EXIT_CODES_TEXT } from '../output';

const say = (line: string) => process.stderr.write(`[vivified] ${line}\n`);
const STOP_DEADLINE_MS = 20_000;

const program = new Command()
  .name('vivified')
  .description('Vivified: a multi-tenant plugin host with canonical, operator and proxy lanes.')
  .option('--endpoint <url>', 'API endpoint (or VIVIFIED_ENDPOINT, or the profile)')
  .option('--tenant <id>', 'tenant (or VIVIFIED_TENANT, or the profile)')
  .option('--token <jwt>', 'bearer token (or VIVIFIED_TOKEN, or the profile)')
  .addHelpText('after', `\n${EXIT_CODES_TEXT}`)
  // Commander exits 1 on its own errors (unknown command or option, missing argument); the
  // documented code for a wrong call is 2, and help asked for is a success. Set before the
  // subcommands are added, which inherit it.
  .exitOverride((error) => process.exit(error.exitCode === 0 ? EXIT.ok : EXIT.usage));
pluginCommands(program);
subscriberCommands(program);
adminCommands(program);
auditCommands(program);
policyCommands(program);
manifestCommands(program);
initCommand(program);

program
  .command('dev')
  .description(
    'Run the whole platform on this machine: emulators, gateway, plugins as processes, health checks.',
  )
  .addOption(
    new Option('-p, --port <port>', 'gateway port on 127.0.0.1').default('8787').env('VIVIFIED_PORT'),
  )
  .addOption(
    new Option('--prefix <name>', 'name prefix of the platform resources in the emulators')
      .default('vivified-dev')
      .env('VIVIFIED_PREFIX'),
  )
  .addOption(
    new Option(
      '--max-receives <count>',
      'deliveries of an event a plugin fails before it goes to the dead-letter queue (1-1000)',
    )
      .default(5)
      .env('VIVIFIED_MAX_RECEIVE_COUNT')
      .argParser((text) => {
        try {
          return receiveLimit(text);
        } catch (error) {
          throw new InvalidArgumentError((error as Error).message);
        }
      }),
  )
  .option('--demo', 'seed a tenant, a user for each role and the example plugins')
  .action(async (options: { port: string; prefix: string; maxReceives: number; demo?: boolean }) => {
    const emulators = await up();
    let upstream: DemoUpstream | undefined;
    let platform: DevPlatform | undefined;
    let stopping = false;
    const stop = async (reason: string, exitCode: number) => {
      if (stopping) return;
      stopping = true;
      say(`${reason}: stopping plugins and the gateway…`);
      // Each step is bounded on its own (plugins get SIGKILL after a grace, the gateway cuts
      // connections still open); this deadline is for what is not, so the command always ends,
      // saying which step it was on, instead of hanging the terminal or a test run.
      let step = 'the platform';
      setTimeout(() => {
        say(`stopping ${step} took over ${STOP_DEADLINE_MS / 1000} s; exiting without waiting for it`);
        process.exit(exitCode === 0 ? 1 : exitCode);
      }, STOP_DEADLINE_MS).unref();
      await platform?.stop().catch((error: unknown) => say(`stopping the platform failed: ${error}`));
      step = 'the demo upstream';
      await upstream?.close();
      // Only emulators this command started are stopped; ones it found running stay up.
      step = 'the emulators';
      if (emulators.started.length > 0) await down();
      say('stopped.');
      process.exit(exitCode);
    };
    guardDevProcess({ process, say, stop });
    Object.assign(process.env, sdkEnvironment());
    try {
      // The demo's EHR and mailer run beside the platform, reached through the proxy lane.
      upstream = options.demo ? await startDemoUpstream() : undefined;
      platform = await startDev({
        port: Number(options.port),
        prefix: options.prefix,
        maxReceiveCount: options.maxReceives,
        say,
        ...(upstream ? { egress: demoEgress(upstream) } : {}),
      });
    } catch (error) {
      // A platform that fails to start leaves nothing behind either.
      say(`the platform did not start: ${error instanceof Error ? error.message : error}`);
      return stop('start-up failed', 1);
    }
    say(`the platform is up: ${platform.url}`);
    say(`console: open ${platform.url}/ and sign in as one of the development users`);
    if (options.demo) {
      const tokens = await seedDemo(platform, upstream!, say).catch(async (error: unknown) => {
        say(`seeding the demo failed: ${error instanceof Error ? error.message : error}`);
        await stop('demo seeding failed', 1);
        throw error;
      });
      say(
        `demo EHR and mailer (self-signed TLS) at ${upstream!.localUrl}; admit a patient and watch the welcome mail:`,
      );
      say(
        `  curl -k ${upstream!.localUrl}/fhir/Patient -d '{"name":"Grace Hopper","email":"grace@example.org"}'` +
          ` && sleep 5 && curl -k ${upstream!.localUrl}/v1/messages`,
      );
      // For `vivified login --role <role>`; owner-readable only, and git-ignored with .localstack/.
      writeFileSync(devTokensPath(), JSON.stringify({ tenant: DEMO_TENANT, tokens }), { mode: 0o600 });
      say('log in with one of these bearer tokens (valid 12 hours):');
      for (const [role, token] of Object.entries(tokens))
        process.stdout.write(`${role.padEnd(15)} ${token}\n`);
    } else {
      say('mint user tokens with --demo, or sign your own against the JWKS at /.well-known/jwks.json');
    }
    say('press Ctrl-C to stop everything this command started.');
  });

program.parseAsync(process.argv).catch((error: unknown) => {
  say(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
