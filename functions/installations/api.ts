import { randomUUID } from 'node:crypto';
import { pageSize } from '../../adapters/aws/registry/cursor';
import { checkConfig } from '../../core/config';
import { ConflictError, NotFoundError, ValidationError } from '../../core/errors';
import type { Installation } from '../../core/installation/types';
import { viewOf } from '../../core/lanes/clearance-view';
import { assertTransition } from '../../core/lifecycle';
import { describePermissions, diffPermissions } from '../../core/manifest';
import type { PluginManifest } from '../../core/manifest/types';
import type { Principal } from '../../core/policy';
import { authenticated } from '../shared/authenticate';
import type { ControlPlane } from '../shared/control-plane';
import { guard } from '../shared/guard';
import { type HttpRequest, httpApi } from '../shared/http';
import { parseConfigure, parseInstall, parseUpgrade } from './bodies';
import { provisioning } from './provisioning';
import { subscriberHandlers } from './subscribers';
import { configView, deadLetterQueues, installationView } from './views';

const subjectOf = (principal: Principal) =>
  principal.kind === 'plugin' ? principal.installationId : principal.subject;

/** The ports the installations routes use. */
export type InstallationsPlane = Omit<ControlPlane, 'tenants' | 'events'>;

/** The installations area: install, lifecycle, config, health and upgrade of a tenant's plugins. */
export function installationsApi(plane: InstallationsPlane) {
  const policy = guard(plane);
  const lifecycle = provisioning(plane);

  /** Authenticates, decides on the installation (or the tenant's list) and audits the decision. */
  async function admit(request: HttpRequest) {
    const principal = await authenticated(plane, request);
    const { tenantId, pluginId } = request.params as { tenantId: string; pluginId?: string };
    const decision = await policy.authorize(
      principal,
      request.route.action as 'installation.read',
      { tenantId, pluginId },
      {
        traceId: request.traceId,
        target: pluginId
          ? { kind: 'installation', id: `${tenantId}/${pluginId}` }
          : { kind: 'tenant', id: tenantId },
      },
    );
    return { principal, decision, tenantId, pluginId: pluginId ?? '' };
  }

  async function load(
    tenantId: string,
    pluginId: string,
  ): Promise<{ installation: Installation; manifest: PluginManifest }> {
    const installation = await plane.installations.get(tenantId, pluginId);
    if (!installation) throw new NotFoundError(`Plugin ${pluginId} is not installed for tenant ${tenantId}.`);
    const manifest = await plane.catalog.getManifest(pluginId, installation.pluginVersion);
    if (!manifest)
      throw new NotFoundError(
        `Plugin ${pluginId}@${installation.pluginVersion} is no longer in the catalog.`,
      );
    return { installation, manifest };
  }

  const changed = (principal: Principal, request: HttpRequest, installation: Installation, reason: string) =>
    policy.record(principal, `${request.route.action}.completed`, {
      traceId: request.traceId,
      target: { kind: 'installation', id: `${installation.tenantId}/${installation.pluginId}` },
      reasons: [reason],
      details: { state: installation.state, rev: installation.rev, version: installation.pluginVersion },
    });

  return httpApi({
    area: 'installations',
    logger: plane.logger,
    metrics: plane.metrics,
    corsOrigins: plane.settings.corsOrigins,
    onSettled: () => plane.audit.flush(),
    handlers: {
      ...subscriberHandlers(plane),
      'installation.list': async (request) => {
        const { tenantId } = await admit(request);
        const page = await plane.installations.list(
          tenantId,
          pageSize(request.query.limit),
          request.query.cursor,
        );
        return { status: 200, body: { items: page.items.map(installationView), cursor: page.cursor } };
      },

      'installation.install': async (request) => {
        // Decide first, so a caller without the right learns nothing from input validation.
        const named = (request.body as { pluginId?: unknown } | undefined)?.pluginId;
        const { principal, tenantId } = await admit({
          ...request,
          params: {
            ...request.params,
            ...(typeof named === 'string' ? { pluginId: named.slice(0, 64) } : {}),
          },
        });
        const body = parseInstall(request.body);
        const entry = await plane.catalog.get(body.pluginId);
        if (entry?.status !== 'available')
          throw new NotFoundError(`Plugin ${body.pluginId} is not in the catalog.`);
        const version = body.version ?? entry.latestVersion;
        const manifest = await plane.catalog.getManifest(body.pluginId, version);
        if (!manifest) throw new NotFoundError(`Plugin ${body.pluginId}@${version} is not in the catalog.`);
        const permissions = describePermissions(manifest);
        if (!body.consent) {
          throw new ValidationError('Installing needs consent to the permissions the plugin asks for.', [
            { pointer: '/consent', message: `must be true to accept: ${permissions.join('; ')}` },
          ]);
        }
        const now = plane.now().toISOString();
        const installation: Installation = {
          tenantId,
          pluginId: body.pluginId,
          installationId: randomUUID(),
          pluginVersion: version,
          state: assertTransition('Unregistered', 'install'),
          rev: 1,
          config: {},
          sealedSecrets: {},
          resources: {},
          health: { consecutiveFailures: 0, history: [] },
          createdAt: now,
          updatedAt: now,
          updatedBy: subjectOf(principal),
        };
        await plane.installations.create(installation);
        await changed(
          principal,
          request,
          installation,
          `installed ${body.pluginId}@${version} with consent to: ${permissions.join('; ')}`,
        );
        return { status: 201, body: { ...installationView(installation), permissions } };
      },

      'installation.read': async (request) => {
        const { tenantId, pluginId } = await admit(request);
        const { installation, manifest } = await load(tenantId, pluginId);
        return {
          status: 200,
          body: { ...installationView(installation), permissions: describePermissions(manifest) },
        };
      },

      'installation.enable': async (request) => {
        const { principal, tenantId, pluginId } = await admit(request);
        const { installation, manifest } = await load(tenantId, pluginId);
        const active = await lifecycle.enable(installation, manifest, subjectOf(principal));
        await changed(principal, request, active, 'provisioned and running');
        return { status: 200, body: installationView(active) };
      },

      'installation.disable': async (request) => {
        const { principal, tenantId, pluginId } = await admit(request);
        const { installation } = await load(tenantId, pluginId);
        const disabled = await lifecycle.disable(installation, subjectOf(principal));
        await changed(principal, request, disabled, 'stopped');
        return { status: 200, body: installationView(disabled) };
      },

      'installation.uninstall': async (request) => {
        const { principal, tenantId, pluginId } = await admit(request);
        const { installation } = await load(tenantId, pluginId);
        await lifecycle.uninstall(installation, subjectOf(principal));
        await changed(
          principal,
          request,
          { ...installation, state: 'Unregistered' },
          'runtime, queues, rules and secrets removed',
        );
        return { status: 204 };
      },

      'installation.config.read': async (request) => {
        const { tenantId, pluginId } = await admit(request);
        const { installation, manifest } = await load(tenantId, pluginId);
        return { status: 200, body: configView(installation, manifest) };
      },

      'installation.configure': async (request) => {
        const { principal, tenantId, pluginId } = await admit(request);
        const body = parseConfigure(request.body);
        const { installation, manifest } = await load(tenantId, pluginId);
        if (installation.state === 'Uninstalling')
          throw new ConflictError(`Plugin ${pluginId} is being uninstalled.`);
        const kept = Object.keys(installation.sealedSecrets);
        const check = checkConfig(manifest.config, body.values, kept);
        if (check.errors.length > 0) throw new ValidationError('The config is invalid.', check.errors);
        const context = { tenantId, installationId: installation.installationId, purpose: 'config' as const };
        const sealedSecrets: Record<string, string> = {};
        for (const name of kept)
          if (!(name in body.values)) sealedSecrets[name] = installation.sealedSecrets[name]!;
        for (const [name, value] of Object.entries(check.secrets))
          sealedSecrets[name] = await plane.envelope.seal(value, context);
        const saved = await plane.installations.save({
          ...installation,
          config: check.plain,
          sealedSecrets,
          rev: installation.rev + 1,
          updatedAt: plane.now().toISOString(),
          updatedBy: subjectOf(principal),
        });
        // The record names which settings changed, never their values.
        await policy.record(principal, 'installation.configure.completed', {
          traceId: request.traceId,
          target: { kind: 'installation', id: `${tenantId}/${pluginId}` },
          reasons: ['config replaced'],
          details: {
            settings: Object.keys(check.plain),
            secrets: Object.keys(sealedSecrets),
            rev: saved.rev,
          },
        });
        return { status: 200, body: configView(saved, manifest) };
      },

      'installation.health': async (request) => {
        const { tenantId, pluginId } = await admit(request);
        const { installation } = await load(tenantId, pluginId);
        const runtime = await plane.runtime.status(installation.installationId);
        const queues = deadLetterQueues(installation);
        return {
          status: 200,
          body: {
            state: installation.state,
            runtime,
            deadLetters: queues ? (await plane.subscriptions.deadLetters(queues)).waiting : 0,
            ...installation.health,
            lastError: installation.lastError,
          },
        };
      },

      'installation.redrive': async (request) => {
        const { principal, tenantId, pluginId } = await admit(request);
        const { installation } = await load(tenantId, pluginId);
        const queues = deadLetterQueues(installation);
        if (!queues) throw new ConflictError(`Plugin ${pluginId} has no queues: it has not been enabled.`);
        const { moving } = await plane.subscriptions.redrive(queues);
        await policy.record(principal, 'installation.redrive.completed', {
          traceId: request.traceId,
          target: { kind: 'installation', id: `${tenantId}/${pluginId}` },
          reasons: [`${moving} dead-lettered event(s) sent back for redelivery`],
          details: { moving },
        });
        return { status: 202, body: { moving } };
      },

      'installation.upgrade': async (request) => {
        const { principal, tenantId, pluginId } = await admit(request);
        const body = parseUpgrade(request.body);
        const { installation, manifest: current } = await load(tenantId, pluginId);
        const next = await plane.catalog.getManifest(pluginId, body.version);
        if (!next) throw new NotFoundError(`Plugin ${pluginId}@${body.version} is not in the catalog.`);
        const diff = diffPermissions(current, next);
        if (diff.requiresConsent && body.consent !== true) {
          return {
            status: 200,
            body: { applied: false, from: installation.pluginVersion, to: body.version, diff },
          };
        }
        // Only a stopped installation changes version: refuse a running one before anything else.
        assertTransition(installation.state, 'upgrade');
        const check = checkConfig(
          next.config,
          { ...installation.config },
          Object.keys(installation.sealedSecrets),
        );
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
              ...(await plane.subscriptions.ensure({
                tenantId,
                pluginId,
                installationId: installation.installationId,
                types: next.events?.subscribes ?? [],
                view: viewOf(next),
              })),
            }
          : installation.resources;
        const upgraded = await lifecycle.advance(installation, 'upgrade', subjectOf(principal), {
          pluginVersion: body.version,
          resources,
        });
        await changed(
          principal,
          request,
          upgraded,
          `upgraded from ${installation.pluginVersion} to ${body.version}`,
        );
        return {
          status: 200,
          body: {
            applied: true,
            from: installation.pluginVersion,
            to: body.version,
            diff,
            installation: installationView(upgraded),
          },
        };
      },
    },
  });
}
