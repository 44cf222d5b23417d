import { checkConfig } from '../../core/config';
import { NotFoundError, ValidationError } from '../../core/errors';
import type { Installation } from '../../core/installation/types';
import { viewOf } from '../../core/lanes/clearance-view';
import { assertTransition } from '../../core/lifecycle';
import { diffPermissions } from '../../core/manifest/diff';
import type { PermissionDiff } from '../../core/manifest/types';
import type { MatrixDiff } from '../../core/policy/matrix-diff';
import { upgradeCapabilities } from '../../core/policy/upgrade-capabilities';
import type { Unvalidated } from '../attempt';
import { tenantInstallations } from '../policy/tenant-installations';
import { type AccessDeps, admit, type InstallationAsk, load, recordChange, subjectOf } from './access';
import { type ProvisioningDeps, provisioning } from './provisioning';

export interface UpgradeRequest {
  readonly version: string;
  /** Consent to what the new version asks for beyond the current one, when it asks for more. */
  readonly consent?: boolean;
}

/** Applied, or not yet because the new version asks for more than the caller consented to. */
export type UpgradeOutcome = {
  readonly from: string;
  readonly to: string;
  readonly diff: PermissionDiff;
  /** What `decide` would let the new version do that the current cannot, and the reverse. */
  readonly capabilities: MatrixDiff;
} & ({ readonly applied: false } | { readonly applied: true; readonly installation: Installation });

/**
 * Moves a stopped installation to another version of its plugin. New permissions need consent
 * first (answered with the diff, nothing changed); the current config must satisfy the new
 * version's schema; a disabled installation's queue is routed the new version's event types.
 */
export async function upgrade(
  deps: AccessDeps & ProvisioningDeps,
  ask: InstallationAsk & { readonly pluginId: string; readonly body: Unvalidated<UpgradeRequest> },
): Promise<UpgradeOutcome> {
  const { tenantId, pluginId } = ask;
  await admit(deps, 'installation.upgrade', ask);
  const body = ask.body.parse(ask.body.raw);
  const { installation, manifest: current } = await load(deps, tenantId, pluginId);
  const next = await deps.catalog.getManifest(pluginId, body.version);
  if (!next) throw new NotFoundError(`Plugin ${pluginId}@${body.version} is not in the catalog.`);
  const diff = diffPermissions(current, next);
  const others = (await tenantInstallations(deps, tenantId)).filter((other) => other.pluginId !== pluginId);
  const capabilities = upgradeCapabilities(
    { kind: 'plugin', tenantId, installationId: installation.installationId, pluginId, manifest: current },
    next,
    others,
  );
  const versions = { from: installation.pluginVersion, to: body.version, capabilities };
  if (diff.requiresConsent && body.consent !== true) return { applied: false, ...versions, diff };
  // Only a stopped installation changes version: refuse a running one before anything else.
  assertTransition(installation.state, 'upgrade');
  const check = checkConfig(next.config, { ...installation.config }, Object.keys(installation.sealedSecrets));
  if (check.errors.length > 0) {
    throw new ValidationError(
      `The current config does not satisfy ${pluginId}@${body.version}; update it first.`,
      check.errors,
    );
  }
  // A disabled installation keeps its queue and rules: route the new version's types to it now.
  const resources = installation.resources.queueUrl
    ? {
        ...installation.resources,
        ...(await deps.subscriptions.ensure({
          tenantId,
          pluginId,
          installationId: installation.installationId,
          types: next.events?.subscribes ?? [],
          view: viewOf(next),
        })),
      }
    : installation.resources;
  const upgraded = await provisioning(deps).advance(installation, 'upgrade', subjectOf(ask.principal), {
    pluginVersion: body.version,
    resources,
  });
  await recordChange(
    deps,
    'installation.upgrade',
    ask,
    upgraded,
    `upgraded from ${installation.pluginVersion} to ${body.version}`,
  );
  return { applied: true, ...versions, diff, installation: upgraded };
}
