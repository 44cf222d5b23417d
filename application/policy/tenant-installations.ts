import type { OperatorTarget } from '../../core/policy';
import type { CatalogStore, InstallationStore } from '../../core/ports';

/**
 * A tenant's installations with the manifests of their versions, as the policy matrix takes them
 * (callers, targets, subscribers). One whose version left the catalog is left out: no lane can
 * authenticate it either.
 */
export async function tenantInstallations(
  deps: {
    readonly installations: Pick<InstallationStore, 'list'>;
    readonly catalog: Pick<CatalogStore, 'getManifest'>;
  },
  tenantId: string,
): Promise<OperatorTarget[]> {
  const found: OperatorTarget[] = [];
  let cursor: string | undefined;
  do {
    const page = await deps.installations.list(tenantId, 100, cursor);
    for (const installation of page.items) {
      const manifest = await deps.catalog.getManifest(installation.pluginId, installation.pluginVersion);
      if (manifest) found.push({ ...installation, manifest });
    }
    cursor = page.cursor;
  } while (cursor);
  return found;
}
