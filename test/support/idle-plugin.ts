import type { Installation } from '../../core/installation/types';
import type { PluginManifest } from '../../core/manifest/types';
import type { RuntimeLaunch } from '../../core/ports';

/**
 * A tiny plugin for scale-to-zero tests and the wake-up bench: answers /health and any operation
 * with `{ ok: true }`, and receives its queue's events (short polls every 100 ms), appending
 * each body to RECEIVED_FILE and deleting it — what a real plugin does with its events.
 */
const PLUGIN = `
const http = require('node:http');
const { appendFileSync } = require('node:fs');
const { SQSClient, ReceiveMessageCommand, DeleteMessageCommand } = require('@aws-sdk/client-sqs');
const sqs = new SQSClient({});
const QueueUrl = process.env.VIVIFIED_QUEUE_URL;
let stopping = false;
// Short polls, finished before exiting: a long poll cut off by SIGTERM may still take a message
// server-side, which then stays invisible for the queue's visibility timeout (late, not lost).
process.on('SIGTERM', () => { stopping = true; server.close(); });
(async () => {
  while (!stopping) {
    const { Messages = [] } = await sqs.send(new ReceiveMessageCommand({ QueueUrl, WaitTimeSeconds: 0, MaxNumberOfMessages: 10 })).catch(() => ({}));
    for (const m of Messages) {
      appendFileSync(process.env.RECEIVED_FILE, m.Body + '\\n');
      await sqs.send(new DeleteMessageCommand({ QueueUrl, ReceiptHandle: m.ReceiptHandle }));
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  process.exit(0);
})();
const server = http.createServer((req, res) => {
  res.setHeader('content-type', 'application/json');
  res.end(JSON.stringify({ ok: true, path: req.url }));
}).listen(Number(process.env.PORT), '127.0.0.1');
`;

/** Where the emulators are: what a local plugin inherits (cli/dev/platform.ts does the same). */
export const EMULATOR_ENVIRONMENT = [
  'AWS_REGION',
  'AWS_DEFAULT_REGION',
  'AWS_ACCESS_KEY_ID',
  'AWS_SECRET_ACCESS_KEY',
  'AWS_ENDPOINT_URL',
  'AWS_ENDPOINT_URL_SQS',
];

/** The launch of an installation as the idle test plugin, its received events going to `receivedFile`. */
export function idlePluginLaunch(
  installation: Installation,
  manifest: PluginManifest,
  receivedFile: string,
): RuntimeLaunch {
  return {
    tenantId: installation.tenantId,
    pluginId: installation.pluginId,
    installationId: installation.installationId,
    pluginVersion: installation.pluginVersion,
    runtime: { ...manifest.runtime, local_command: [process.execPath, '-e', PLUGIN] },
    environment: { VIVIFIED_QUEUE_URL: installation.resources.queueUrl!, RECEIVED_FILE: receivedFile },
    credential: 'unused-by-the-test-plugin',
  };
}
