import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { OPENAPI_PATH, openApiText } from './openapi-document';
import { GENERATED_DIRECTORIES, generateValidatorFiles } from './validator-modules';

// Writes the validators generated ahead of time from the platform's static JSON Schemas, so the
// Lambdas check with plain code instead of compiling with ajv at cold start. Run after changing
// any schema in scripts/validator-modules.ts; a unit test fails while the files are stale.
const root = join(import.meta.dirname, '..');
const files = generateValidatorFiles();
const written = new Set(files.map(({ path }) => path));
for (const { path, text } of files) {
  mkdirSync(dirname(join(root, path)), { recursive: true });
  writeFileSync(join(root, path), text);
  console.log(`wrote ${path}`);
}
// A module dropped from the list leaves no stale validator behind.
for (const directory of GENERATED_DIRECTORIES) {
  for (const name of readdirSync(join(root, directory))) {
    const path = `${directory}/${name}`;
    if (!written.has(path)) {
      rmSync(join(root, path));
      console.log(`removed ${path}`);
    }
  }
}

// The OpenAPI document is generated from the same schemas and the wire contract (./openapi-document.ts).
writeFileSync(join(root, OPENAPI_PATH), openApiText());
console.log(`wrote ${OPENAPI_PATH}`);
