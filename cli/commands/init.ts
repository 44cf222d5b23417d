import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import type { Command } from 'commander';
import { CATEGORY_OF_CONTRACT, CONTRACTS, type Contract } from '../../core/manifest/types';
import { validateManifest } from '../../core/manifest/validate';
import { EXIT } from '../output';
import { goTemplate } from '../templates/go';
import { nodeTemplate } from '../templates/node';
import { pythonTemplate } from '../templates/python';
import type { PluginTemplate } from '../templates/template';
import { answerInputProblem, InputProblem } from './input-problem';

const TEMPLATES: Readonly<Record<string, PluginTemplate>> = {
  node: nodeTemplate,
  python: pythonTemplate,
  go: goTemplate,
};

// The SDKs live in this repository; a plugin written anywhere under it reaches them relatively.
const PROJECT = resolve(__dirname, '..', '..');
const posix = (path: string) => path.split(sep).join('/');

const CONTRACT_OF_CATEGORY = new Map(
  CONTRACTS.map((contract) => [CATEGORY_OF_CONTRACT[contract].toLowerCase(), contract] as const),
);

const LINE_WIDTH = 110;

/**
 * JSON as the project's formatter (biome) writes it: objects expanded, a list of plain values on
 * one line when it fits. A plugin written under `examples/` then passes `npm run lint` as it is.
 */
export function formatJson(value: unknown): string {
  const lines = JSON.stringify(value, null, 2).split('\n');
  const out: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.endsWith('[')) {
      const items: string[] = [];
      let j = i + 1;
      while (j < lines.length && !/^\s*\],?$/.test(lines[j]!) && !/[[{]$/.test(lines[j]!)) {
        items.push(lines[j]!.trim().replace(/,$/, ''));
        j++;
      }
      const closing = lines[j];
      const joined =
        closing && /^\s*\],?$/.test(closing) ? `${line}${items.join(', ')}${closing.trim()}` : undefined;
      if (joined && joined.length <= LINE_WIDTH) {
        out.push(joined);
        i = j;
        continue;
      }
    }
    out.push(line);
  }
  return `${out.join('\n')}\n`;
}

/** The manifest a new plugin starts from: the least it can ask for and still do something. */
function manifestFor(id: string, name: string, contract: Contract, localCommand: string[]) {
  return {
    id,
    name,
    version: '0.1.0',
    description: `${name}: a new plugin.`,
    contracts: [contract],
    // No traits, internal data only, no domains: every further permission is a deliberate edit
    // that a plugin manager sees and consents to at install.
    traits: [],
    security: { authentication_required: true, data_classification: ['internal'] },
    runtime: {
      // The image you build and push; `vivified dev` runs local_command instead.
      image: `${id}:0.1.0`,
      cpu: 256,
      memory: 512,
      port: 8080,
      health_path: '/health',
      local_command: localCommand,
    },
    events: { subscribes: ['UserCreated.v1'] },
    operations: {
      exposes: {
        describe: { method: 'POST', path: '/operations/describe', data_classification: 'internal' },
      },
    },
  };
}

const readme = (name: string, dir: string, testLine: string) => `# ${name}

A Vivified plugin. \`manifest.json\` declares everything it may do; the platform refuses the rest.

- Check the manifest: \`npx vivified manifest validate ${dir}/manifest.json\`.
- ${testLine}
- Run it: with \`npm start\` (\`vivified dev --demo\`) running, a platform admin registers it
  (\`npx vivified login --role platform_admin && npx vivified plugins register ${dir}/manifest.json\`), then a
  plugin manager installs and enables it (\`npx vivified login --role plugin_manager\`, then
  \`npx vivified plugins install <id> --yes\` and \`npx vivified plugins enable <id>\`). Its output is
  in \`.localstack/plugins/<tenant>-<id>.log\`.
- Ask for more only when the plugin needs it: a data classification, an allowed domain, an event
  type, an operation of another plugin. Each is a line in the manifest that a tenant consents to.
`;

function init(target: string, flags: { lang: string; id?: string; name?: string; category?: string }) {
  const template = TEMPLATES[flags.lang];
  if (!template)
    throw new InputProblem(
      `--lang ${flags.lang} has no template; choose ${Object.keys(TEMPLATES).join(', ')}`,
      EXIT.usage,
    );
  const contract = CONTRACT_OF_CATEGORY.get((flags.category ?? 'integration').toLowerCase());
  if (!contract)
    throw new InputProblem(
      `--category ${flags.category} is not a category; choose ${CONTRACTS.map((c) => CATEGORY_OF_CONTRACT[c]).join(', ')}`,
      EXIT.usage,
    );
  const absolute = resolve(target);
  if (existsSync(absolute) && (!statSync(absolute).isDirectory() || readdirSync(absolute).length > 0))
    throw new InputProblem(`${target} exists and is not an empty directory; choose a new one`, EXIT.conflict);
  const id = flags.id ?? basename(absolute);
  const name =
    flags.name ??
    id.replace(
      /(^|-)(\w)/g,
      (_, dash: string, letter: string) => `${dash ? ' ' : ''}${letter.toUpperCase()}`,
    );
  // Paths in the manifest are as `vivified dev` sees them: relative to where it runs.
  const dir = posix(relative(process.cwd(), absolute)) || '.';
  const sdkDir = posix(relative(process.cwd(), join(PROJECT, template.sdk.dir)));
  const manifest = manifestFor(id, name, contract, template.localCommand(dir, sdkDir));
  // The platform's own validator decides, before anything is written.
  const check = validateManifest(manifest);
  if (!check.ok) {
    throw new InputProblem(
      `the plugin would be refused: ${check.errors.map((e) => `${e.pointer}: ${e.message}`).join('; ')}`,
      EXIT.invalid,
    );
  }
  const sdk = posix(relative(join(absolute, template.importFrom), join(PROJECT, template.sdk.entry)));
  const input = { id, name, contract, dir, sdkDir, sdkImport: sdk.startsWith('.') ? sdk : `./${sdk}` };
  const files: Record<string, string> = {
    'manifest.json': formatJson(manifest),
    ...template.files(input),
    'README.md': readme(name, dir, template.readme(input)),
  };
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(absolute, path)), { recursive: true });
    writeFileSync(join(absolute, path), text, { flag: 'wx' });
  }
  if (template.afterWrite) {
    const [command, ...args] = template.afterWrite;
    const done = spawnSync(command!, args, { cwd: absolute, encoding: 'utf8' });
    if (done.status !== 0)
      throw new InputProblem(
        `the files are written, but \`${template.afterWrite.join(' ')}\` in ${dir} failed: ${done.error?.message ?? done.stderr.trim()}`,
        EXIT.failed,
      );
  }
  return { id, language: template.language, directory: dir, files: Object.keys(files) };
}

/** `vivified init`: a working plugin skeleton that passes `manifest validate` and its own test as written. */
export function initCommand(program: Command): void {
  program
    .command('init <dir>')
    .description('Write a new plugin: a least-privilege manifest, code on the SDK, one test, a README')
    .option('--lang <language>', `language of the plugin (${Object.keys(TEMPLATES).join(', ')})`, 'node')
    .option('--id <id>', 'plugin id (default: the directory name)')
    .option('--name <name>', 'display name (default: from the id)')
    .option(
      '--category <category>',
      'Storage, Communication, Identity, Processing or Integration',
      'Integration',
    )
    .option('--json', 'machine-readable output: what was written')
    .action(
      (
        target: string,
        flags: { lang: string; id?: string; name?: string; category?: string; json?: boolean },
      ) => {
        try {
          const written = init(target, flags);
          if (flags.json) process.stdout.write(`${JSON.stringify(written, null, 2)}\n`);
          else {
            process.stdout.write(`wrote ${written.language} plugin ${written.id} in ${written.directory}:\n`);
            for (const file of written.files) process.stdout.write(`  ${written.directory}/${file}\n`);
          }
        } catch (error) {
          answerInputProblem(error, Boolean(flags.json));
        }
      },
    );
}
