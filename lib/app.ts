import { type App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { PlatformStack } from './stacks/platform-stack';

/**
 * Composes the Vivified app: the platform stack with names and retention from context, checked by
 * cdk-nag on every synth. Shared by `bin/` and the infra tests so both check the same thing.
 */
export function composeApp(app: App): { platform: PlatformStack } {
  const retention = app.node.tryGetContext('vivified:auditRetentionDays');
  const platform = new PlatformStack(app, app.node.tryGetContext('vivified:stackName') ?? 'Vivified', {
    auditRetentionDays: retention === undefined ? undefined : Number(retention),
    description: 'Vivified multi-tenant plugin host',
  });
  // Any unacknowledged finding fails synthesis; acknowledgements live next to the resource they
  // concern and each carries its reason.
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));
  return { platform };
}
