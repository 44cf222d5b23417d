import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Validator } from '@seriousme/openapi-schema-validator';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { pageSize } from '../../../adapters/aws/registry/cursor';
import { validateTenantInput } from '../../../core/tenancy';
import { ROUTES } from '../../../functions/routes';
import { OPENAPI_PATH, openApiText } from '../../../scripts/openapi-document';
import { GENERATE_COMMAND } from '../../../scripts/validator-modules';

// The committed OpenAPI document is what `npm run validators` writes now, is a valid OpenAPI 3.1
// document by an independent validator, and says what the route table and the wire contract say.

const root = join(__dirname, '..', '..', '..');
const generated = openApiText();
const document = JSON.parse(generated);
const operationOf = (action: string) => {
  const route = ROUTES.find((r) => r.action === action)!;
  return document.paths[route.path][route.method.toLowerCase()];
};

describe('the OpenAPI document', () => {
  it('is up to date', () => {
    expect(
      readFileSync(join(root, OPENAPI_PATH), 'utf8'),
      `${OPENAPI_PATH} is stale: run ${GENERATE_COMMAND}`,
    ).toBe(generated);
  });

  it('is valid OpenAPI 3.1, every reference resolving', async () => {
    const validator = new Validator();
    const result = await validator.validate(document);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    const refs = [...generated.matchAll(/"\$ref": "#\/components\/schemas\/([^"/]+)/g)].map(
      ([, name]) => name!,
    );
    expect(refs.filter((name) => !(name in document.components.schemas))).toEqual([]);
  });

  it('resolves every reference from the document’s root, as OpenAPI tools read it', () => {
    // A schema embedded with its own $id resolved `#/$defs/...` against that $id only; the fuzzer
    // (Schemathesis) skipped those parts of the manifest as unresolvable.
    const pointer = (ref: string) =>
      ref
        .slice(2)
        .split('/')
        .map((part) => decodeURIComponent(part).replace(/~1/g, '/').replace(/~0/g, '~'))
        .reduce<unknown>((at, part) => (at as Record<string, unknown> | undefined)?.[part], document);
    const refs = [...generated.matchAll(/"\$ref": "(#[^"]*)"/g)].map(([, ref]) => ref!);
    expect(refs.length).toBeGreaterThan(0);
    expect(refs.filter((ref) => pointer(ref) === undefined)).toEqual([]);
    expect(generated).not.toContain('"$id"');
  });

  it('holds every component schema a JSON Schema 2020-12 validator compiles', () => {
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    addFormats(ajv);
    // The components refer to each other by the document's paths; each compiles within the document.
    ajv.addSchema({ $id: 'openapi', components: document.components }, 'openapi');
    for (const name of Object.keys(document.components.schemas)) {
      expect(() => ajv.getSchema(`openapi#/components/schemas/${name}`), name).not.toThrow();
    }
  });

  it('is itself what GET /v1/openapi.json says it answers (the fuzzer found its info closed)', () => {
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    addFormats(ajv);
    ajv.addSchema({ $id: 'openapi', components: document.components }, 'openapi');
    const answers = ajv.getSchema('openapi#/components/schemas/ApiDocument')!;
    expect(answers(document), JSON.stringify(answers.errors)).toBe(true);
  });

  it('has every route of the table, once, with its caller’s security', () => {
    const operations = Object.entries(document.paths).flatMap(([path, methods]) =>
      Object.keys(methods as object).map((method) => `${method.toUpperCase()} ${path}`),
    );
    expect(operations.sort()).toEqual(ROUTES.map((r) => `${r.method} ${r.path}`).sort());
    for (const route of ROUTES) {
      const security = operationOf(route.action).security;
      // A panel's session is a form field, which no OpenAPI security scheme can name: the route documents it.
      if (route.caller === 'public' || route.caller === 'panel') expect(security, route.action).toEqual([]);
      else
        expect(security, route.action).toEqual([
          { [route.caller === 'user' ? 'userToken' : 'pluginCredential']: [] },
        ]);
    }
  });

  it('says each route’s success status and body, and problems for failures', () => {
    expect(Object.keys(operationOf('tenant.create').responses)).toEqual(['201', '4XX', '5XX']);
    expect(operationOf('tenant.create').responses['201'].content['application/json'].schema).toEqual({
      $ref: '#/components/schemas/Tenant',
    });
    expect(operationOf('catalog.delete').responses['204']).toEqual({ description: 'Done; no body.' });
    expect(Object.keys(operationOf('canonical.publish').responses)).toEqual(['202', '502', '4XX', '5XX']);
    expect(Object.keys(operationOf('operator.call').responses)).toEqual(['2XX', '4XX', '5XX']);
    // The operator lane passes the target's answer through, refusals too: the storage example's
    // own 400 ({status, code, detail}) is not a Problem, and the fuzzer held it to one.
    for (const status of ['2XX', '4XX', '5XX'])
      expect(Object.keys(operationOf('operator.call').responses[status].content)).toContain('*/*');
    expect(
      operationOf('operator.call').responses['4XX'].content['application/problem+json'].schema.anyOf,
    ).toContainEqual({ $ref: '#/components/schemas/Problem' });
    expect(operationOf('proxy.egress').responses['4XX'].content['application/problem+json'].schema).toEqual({
      $ref: '#/components/schemas/Problem',
    });
  });

  it('takes the query parameters each route reads, and the path parameters of its path', () => {
    const names = (action: string) =>
      (operationOf(action).parameters ?? []).map((p: { name: string; in: string }) => `${p.in}:${p.name}`);
    expect(names('audit.read')).toEqual([
      'path:tenantId',
      'query:limit',
      'query:cursor',
      'query:from',
      'query:to',
      'query:actor',
      'query:action',
      'query:decision',
      'query:trace',
      'query:order',
    ]);
    expect(names('audit.verify')).toEqual(['path:tenantId', 'query:full']);
    expect(names('catalog.read')).toEqual(['path:pluginId', 'query:version']);
    expect(names('installation.enable')).toEqual(['path:tenantId', 'path:pluginId']);
  });

  it('states the limits the handlers check in code, so what it allows they accept', () => {
    // The fuzzer sent `limit=0` and tenants named "" or "\u0001", which the document allowed.
    const limit = operationOf('catalog.browse').parameters.find((p: { name: string }) => p.name === 'limit');
    const limitPattern = new RegExp(limit.schema.pattern);
    const accepted = (value: string) => {
      try {
        pageSize(value);
        return true;
      } catch {
        return false;
      }
    };
    for (let n = 0; n < 1000; n++)
      for (const text of [String(n), String(n).padStart(2, '0'), String(n).padStart(3, '0')])
        expect(limitPattern.test(text), `limit=${text}`).toBe(accepted(text));

    const ajv = new Ajv2020({ strict: false });
    ajv.addSchema({ $id: 'openapi', components: document.components }, 'openapi');
    const allows = ajv.getSchema('openapi#/components/schemas/TenantInput')!;
    const samples = [
      { id: 'ok-1', name: 'Clinic' },
      { id: 'a', name: 'Clinic' },
      { id: 'Upper', name: 'Clinic' },
      { id: '-lead', name: 'Clinic' },
      { id: 'x'.repeat(63), name: 'Clinic' },
      { id: 'x'.repeat(64), name: 'Clinic' },
      { id: 'ok-2', name: '' },
      { id: 'ok-3', name: '   ' },
      { id: 'ok-4', name: 'a\u0001b' },
      { id: 'ok-5', name: 'tab\tinside' },
      { id: 'ok-6', name: 'n'.repeat(200) },
      { id: 'ok-7', name: 'n'.repeat(201) },
      { id: 'ok-8', name: ' padded ' },
    ];
    for (const input of samples)
      expect(allows(input), JSON.stringify(input)).toBe(validateTenantInput(input).length === 0);
  });

  it('states a validated body by the schema the handler checks it with, limits included', () => {
    const proxy = document.components.schemas.ProxyBody;
    expect(proxy.properties.url.maxLength).toBe(4096);
    expect(proxy.properties.body.type).toEqual(['string', 'null']);
    expect(document.components.schemas.PluginManifest.properties.id).toEqual({
      $ref: '#/components/schemas/PluginManifest/$defs/pluginId',
    });
    expect(operationOf('catalog.register').requestBody.content['application/json'].schema).toEqual({
      $ref: '#/components/schemas/PluginManifest',
    });
  });
});
