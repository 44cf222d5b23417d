import { describe, expect, it } from 'vitest';
import { assertValidManifest } from '../../../core/manifest';
import { OperationError } from '../../../sdk/node/src';
import manifest from '../manifest.json';
import { documentStore } from '../src/documents';
import { documentsPanel } from '../src/panel';

describe('storage example', () => {
  it('has a manifest the platform accepts', () => {
    expect(() => assertValidManifest(manifest)).not.toThrow();
  });

  it('keeps each write as a new version and hands back what was stored', () => {
    const store = documentStore(() => new Date('2026-12-01T08:00:00Z'));
    expect(store.put({ documentId: 'patients/1', content: { a: 1 } }, 'inst-a')).toEqual({
      documentId: 'patients/1',
      version: 1,
      contentType: 'application/json',
      storedAt: '2026-12-01T08:00:00.000Z',
      storedBy: 'inst-a',
    });
    expect(
      store.put(
        { documentId: 'patients/1', content: { a: 2 }, contentType: 'application/fhir+json' },
        'inst-b',
      ).version,
    ).toBe(2);
    expect(store.get({ documentId: 'patients/1' })).toMatchObject({
      version: 2,
      content: { a: 2 },
      storedBy: 'inst-b',
    });
  });

  it.each([
    [{ documentId: '../etc/passwd', content: 1 }, 'invalid_document_id'],
    [{ documentId: '', content: 1 }, 'invalid_document_id'],
    [{ content: 1 }, 'invalid_document_id'],
    [{ documentId: 'x' }, 'missing_content'],
  ])('refuses %j with %s, storing nothing', (payload, code) => {
    const store = documentStore();
    expect(() => store.put(payload, 'inst-a')).toThrow(expect.objectContaining({ status: 400, code }));
    expect(() => store.get({ documentId: 'x' })).toThrow(OperationError);
  });

  it('answers 404 for a document it does not have', () => {
    expect(() => documentStore().get({ documentId: 'nope' })).toThrow(
      expect.objectContaining({ status: 404, code: 'document_not_found' }),
    );
  });
});

describe('storage example: the Documents panel', () => {
  it('lists each document once, at its latest version, without content, escaping what callers chose', () => {
    const store = documentStore(() => new Date('2026-12-01T08:00:00Z'));
    store.put({ documentId: 'b/1', content: 'secret note' }, 'inst-<b>');
    store.put({ documentId: 'a/1', content: 1 }, 'inst-a');
    store.put({ documentId: 'a/1', content: 2 }, 'inst-a');

    expect(store.list().map((d) => [d.documentId, d.version])).toEqual([
      ['a/1', 2],
      ['b/1', 1],
    ]);
    const { html } = documentsPanel(store.list());
    expect(html).toContain('<td>a/1</td><td>2</td>');
    expect(html).toContain('inst-&lt;b&gt;');
    expect(html).not.toContain('secret note');
    expect(html).not.toContain('<script');
  });

  it('says so when nothing is stored', () => {
    expect(documentsPanel([]).html).toContain('No documents stored yet.');
  });
});
