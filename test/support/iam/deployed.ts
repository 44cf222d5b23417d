import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, type CfnElement, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import type { IConstruct } from 'constructs';
import { composeApp } from '../../../lib/app';
import type { PlatformStack } from '../../../lib/stacks/platform-stack';
import { cdkJsonContext } from '../synth';
import type { PlatformFunction } from './caller';

/** A CloudFormation resource of the synthesized template. */
export interface TemplateResource {
  readonly Type: string;
  readonly Properties?: Record<string, any>;
}

/**
 * The synthesized stack as the harness reads it: the template, and which logical resources are
 * which of the platform's parts (so a test's own table, key or bus can stand in for them).
 */
export interface DeployedModel {
  readonly resources: Readonly<Record<string, TemplateResource>>;
  /** Each function's Lambda and service role, by logical id. */
  readonly functions: Readonly<Record<PlatformFunction, { readonly lambda: string; readonly role: string }>>;
  /** The platform's parts a test platform stands in for, by logical id (./stand-ins.ts). */
  readonly parts: Readonly<Record<Part, string>>;
  /** Dedicated tenant keys, logical id by tenant. */
  readonly tenantKeys: Readonly<Record<string, string>>;
}

export type Part =
  | 'registryTable'
  | 'rateLimitTable'
  | 'platformKey'
  | 'credentialKey'
  | 'operatorKey'
  | 'panelKey'
  | 'bus'
  | 'auditBucket'
  | 'cluster'
  | 'namespace'
  | 'tenantDataRole'
  | 'executionRole'
  | 'taskRoleBoundary'
  | 'pluginLogGroup';

/** The synthesized stack without bundling the functions: IAM needs their roles, not their code. */
export function synthesizePlatform(
  context: Record<string, unknown> = {},
  change?: (stack: PlatformStack) => void,
): { stack: PlatformStack; template: Record<string, any> } {
  const outdir = mkdtempSync(join(tmpdir(), 'vivified-iam-'));
  try {
    const app = new App({
      outdir,
      context: { ...cdkJsonContext(), ...context, 'aws:cdk:bundling-stacks': [] },
    });
    const { platform } = composeApp(app);
    change?.(platform);
    app.synth();
    return { stack: platform, template: Template.fromStack(platform).toJSON() };
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

/** The harness's reading of a synthesized platform stack. */
export function deployedModel(stack: PlatformStack, template: Record<string, any>): DeployedModel {
  const id = (construct: IConstruct) => {
    const child = (construct.node.defaultChild ?? construct) as CfnElement;
    return Stack.of(construct).getLogicalId(child);
  };
  const fns = stack.functions;
  const archiver = stack.node.findChild('AuditArchiver') as IConstruct & { function: never };
  const lambdas: Record<PlatformFunction, IConstruct & { role?: IConstruct }> = {
    ...fns.areas,
    authorizer: fns.authorizer,
    health: fns.health,
    lifecycleSweep: fns.lifecycleSweep,
    rolloutStep: fns.rolloutStep,
    taskRoles: fns.taskRoles,
    auditArchiver: (archiver as unknown as { function: IConstruct & { role?: IConstruct } }).function,
  };
  return {
    resources: template.Resources,
    functions: Object.fromEntries(
      Object.entries(lambdas).map(([name, fn]) => [name, { lambda: id(fn), role: id(fn.role!) }]),
    ) as DeployedModel['functions'],
    parts: {
      registryTable: id(stack.registry.table),
      rateLimitTable: id(stack.rateLimits.table),
      platformKey: id(stack.keys.platformKey),
      credentialKey: id(stack.keys.credentialKey),
      operatorKey: id(stack.keys.operatorKey),
      panelKey: id(stack.keys.panelKey),
      bus: id(stack.bus.bus),
      auditBucket: id(stack.auditStore.bucket),
      cluster: id(stack.runtime.cluster),
      namespace: id(stack.runtime.namespace),
      tenantDataRole: id(fns.tenantData),
      executionRole: id(stack.runtime.executionRole),
      taskRoleBoundary: id(stack.runtime.taskRoleBoundary),
      pluginLogGroup: id(stack.runtime.logGroup),
    },
    tenantKeys: Object.fromEntries([...stack.keys.tenantKeys].map(([tenant, key]) => [tenant, id(key)])),
  };
}
