import type { Contract } from '../../core/manifest/types';

/** What `vivified init` knows about the plugin it writes. */
export interface TemplateInput {
  readonly id: string;
  readonly name: string;
  readonly contract: Contract;
  /** The plugin directory, relative to the directory `vivified dev` runs in. */
  readonly dir: string;
  /** The language's SDK directory (sdk/<language>), relative to that same directory. */
  readonly sdkDir: string;
  /** How the plugin's code reaches its SDK from where the code is (`importFrom`). */
  readonly sdkImport: string;
}

/** One language's skeleton: its files, how `vivified dev` starts it, and how its test runs. */
export interface PluginTemplate {
  readonly language: string;
  /** The SDK's directory, from the repository root, and what of it the code imports. */
  readonly sdk: { readonly dir: string; readonly entry: string };
  /** Where in the plugin the code that imports the SDK sits. */
  readonly importFrom: string;
  /** argv for `runtime.local_command`: paths relative to where `vivified dev` runs. */
  readonly localCommand: (dir: string, sdkDir: string) => string[];
  readonly files: (input: TemplateInput) => Readonly<Record<string, string>>;
  /** The README line that says how to run the plugin's own test. */
  readonly readme: (input: TemplateInput) => string;
  /** A command run in the new plugin's directory once its files are written. */
  readonly afterWrite?: readonly string[];
}
