import type { Contract } from '../../core/manifest/types';

/** What `vivified init` knows about the plugin it writes. */
export interface TemplateInput {
  readonly id: string;
  readonly name: string;
  readonly contract: Contract;
  /** The plugin directory, relative to the directory `vivified dev` runs in. */
  readonly dir: string;
  /** How the plugin's code imports its language's SDK from where it is written. */
  readonly sdkImport: string;
}

/** One language's skeleton: its files, how `vivified dev` starts it, and how its test runs. */
export interface PluginTemplate {
  readonly language: string;
  readonly localCommand: (dir: string) => string[];
  readonly files: (input: TemplateInput) => Readonly<Record<string, string>>;
  /** The README line that says how to run the plugin's own test. */
  readonly readme: (input: TemplateInput) => string;
}
