import { join } from 'node:path';
import { build, type Metafile } from 'esbuild';
import { hostBuildOptions } from '../../lib/bundling';

const root = join(__dirname, '..', '..');

/**
 * A function's entry bundled in memory exactly as HostFunction deploys it, for tests of what a
 * bundle carries: its minified size and each input with the bytes it contributes.
 */
export async function bundleAsDeployed(
  entry: string,
): Promise<{ readonly bytes: number; readonly inputs: Metafile['outputs'][string]['inputs'] }> {
  const result = await build({
    ...hostBuildOptions(root),
    entryPoints: [join(root, entry)],
    write: false,
    outfile: 'bundle.js',
    metafile: true,
  });
  const [output] = Object.values(result.metafile.outputs);
  return { bytes: output!.bytes, inputs: output!.inputs };
}
