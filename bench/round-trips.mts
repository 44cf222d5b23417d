import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RequestRoundTrips } from '../test/support/iam/round-trips';
import { writeOut } from './latency';

// What each route costs in AWS round trips, read off the last integration run
// (`npm run test:integration`): every API request a test sent through `call()` with the AWS calls
// its handler made against the emulators, as recorded by the IAM harness's SDK middleware
// (test/support/iam/recorder.ts). "Sequential" is the longest chain of calls each sent only after
// the previous was answered: what the request waits for one after another deployed, where each
// call is a network round trip of its own (single-digit milliseconds to DynamoDB in-region).
const dir = join(process.cwd(), 'bench', '.out', 'round-trips');
let files: string[];
try {
  files = readdirSync(dir).filter((name) => name.endsWith('.json'));
} catch {
  process.stderr.write('No round trips recorded: run `npm run test:integration` first.\n');
  process.exit(1);
}
const requests: RequestRoundTrips[] = files.flatMap(
  (name) => JSON.parse(readFileSync(join(dir, name), 'utf8')) as RequestRoundTrips[],
);
// Answered requests only (2xx): a refused one stops early, and what a route costs is its full path.
const byRoute = new Map<string, RequestRoundTrips[]>();
for (const request of requests.filter((r) => (r.status ?? 0) >= 200 && (r.status ?? 0) < 300))
  byRoute.set(request.route, [...(byRoute.get(request.route) ?? []), request]);

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const rows = [...byRoute]
  .sort(([a], [b]) => a.localeCompare(b))
  .map(([route, list]) => {
    const typical = list.find((r) => r.calls === median(list.map((x) => x.calls)))!;
    const counts = new Map<string, number>();
    for (const operation of typical.operations) counts.set(operation, (counts.get(operation) ?? 0) + 1);
    return `| \`${route}\` | ${list.length} | ${median(list.map((r) => r.calls))} (max ${Math.max(...list.map((r) => r.calls))}) | ${median(list.map((r) => r.sequential))} (max ${Math.max(...list.map((r) => r.sequential))}) | ${[...counts].map(([op, n]) => (n > 1 ? `${op} ×${n}` : op)).join(', ')} |`;
  });
writeOut([
  `## AWS round trips per route (${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC, \`npm run round-trips\` after \`npm run test:integration\`)`,
  '',
  'Requests the integration tests sent per route and the platform answered with 2xx (refusals stop early); AWS calls per request (median, max); the longest chain of calls made one after another (median, max); the calls of a median request. Deployed, each is a network round trip; the audit archiver, fed by the table stream deployed, is not counted.',
  '',
  '| route | requests | AWS calls | sequential | calls of a median request |',
  '| ----- | -------: | --------: | ---------: | ------------------------- |',
  ...rows,
  '',
]);
