import { describe, expect, it } from 'vitest';
import { describePermissions, diffPermissions, validateManifest } from '../../../core/manifest';
import { exampleWith, manifestOf } from './fixtures';

const withPanels = (panels: unknown) => exampleWith('storage-plugin', { ui: { panels } });
const errorsOf = (json: unknown) => {
  const result = validateManifest(json);
  return result.ok ? [] : result.errors;
};
const documents = {
  id: 'documents',
  title: 'Documents',
  operation: 'getDocument',
  roles: ['config_manager'],
};

describe('ui.panels in a manifest', () => {
  it('accepts a panel served by an exposed GET operation', () => {
    expect(errorsOf(withPanels([documents]))).toEqual([]);
  });

  it.each([
    [
      'an operation the plugin does not expose',
      { ...documents, operation: 'listAll' },
      '/ui/panels/0/operation',
      'must name an operation in operations.exposes; listAll is not exposed',
    ],
    [
      'an operation that does not answer GET',
      { ...documents, operation: 'putDocument' },
      '/ui/panels/0/operation',
      'must name an operation answering GET; putDocument is PUT',
    ],
    [
      'a role that is not a tenant role',
      { ...documents, roles: ['root'] },
      '/ui/panels/0/roles/0',
      'must be one of: admin, plugin_manager, config_manager, audit_viewer',
    ],
  ])('refuses %s, with a pointer', (_, panel, pointer, message) => {
    expect(errorsOf(withPanels([panel]))).toEqual([{ pointer, message }]);
  });

  it('refuses a repeated panel id', () => {
    expect(errorsOf(withPanels([documents, { ...documents, title: 'Again' }]))).toEqual([
      { pointer: '/ui/panels/1/id', message: 'repeats the panel id documents' },
    ]);
  });

  it('stays silent about panels of the wrong shape, which the schema reports', () => {
    const messages = errorsOf(withPanels([{ id: 3, operation: 7 }])).map((error) => error.message);
    expect(messages.length).toBeGreaterThan(0);
    expect(messages.filter((message) => /exposes|answering GET|repeats/.test(message))).toEqual([]);
    expect(errorsOf(exampleWith('storage-plugin', { ui: { panels: 'all' } }))[0]?.pointer).toBe('/ui/panels');
  });
});

describe('panels at consent', () => {
  const storage = manifestOf('storage-plugin');
  const withUi = (panels: readonly (typeof documents)[]) => ({
    ...storage,
    version: '9.0.0',
    ui: { panels },
  });

  it('names each panel, what serves it and who sees it', () => {
    expect(describePermissions(withUi([documents]))).toContain(
      'Shows the console panel "Documents" (served by getDocument) to admin and config_manager',
    );
    expect(describePermissions(withUi([{ ...documents, roles: ['admin'] }]))).toContain(
      'Shows the console panel "Documents" (served by getDocument) to admin',
    );
  });

  it('asks consent for a new panel and for one shown to more roles, not for one shown to fewer', () => {
    const added = diffPermissions(storage, withUi([documents]));
    expect(added.added.panels).toEqual(['documents']);
    expect(added.requiresConsent).toBe(true);

    const wider = diffPermissions(
      withUi([documents]),
      withUi([{ ...documents, roles: ['config_manager', 'audit_viewer'] }]),
    );
    expect(wider.added.panels).toEqual(['documents']);

    const narrower = diffPermissions(
      withUi([{ ...documents, roles: ['config_manager', 'audit_viewer'] }]),
      withUi([documents]),
    );
    expect(narrower).toMatchObject({
      added: { panels: [] },
      removed: { panels: [] },
      requiresConsent: false,
    });

    expect(diffPermissions(withUi([documents]), storage).removed.panels).toEqual(['documents']);
  });
});
