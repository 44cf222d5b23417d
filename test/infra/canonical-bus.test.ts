import { App, Duration, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { AccountPrincipal, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import { describe, expect, it } from 'vitest';
import { CanonicalBus } from '../../lib/constructs/canonical-bus';

/** The bus alone: its options, without synthesizing (and bundling) the whole platform. */
function busTemplate(props: Partial<ConstructorParameters<typeof CanonicalBus>[2]> = {}) {
  const stack = new Stack(new App(), 'Bus');
  new CanonicalBus(stack, 'Canonical', { encryptionKey: new Key(stack, 'Key'), ...props });
  return Template.fromStack(stack);
}

describe('canonical bus', () => {
  it('has no resource policy and no subscriber role unless asked', () => {
    const template = busTemplate();
    template.resourceCountIs('AWS::Events::EventBusPolicy', 0);
    expect(JSON.stringify(template.findResources('AWS::Events::EventBus'))).not.toContain('"Policy"');
    template.resourceCountIs('AWS::IAM::Role', 0);
  });

  it('adds the statements it is given to the bus policy', () => {
    const template = busTemplate({
      policyStatements: [
        new PolicyStatement({
          sid: 'PartnerPublishes',
          actions: ['events:PutEvents'],
          principals: [new AccountPrincipal('111122223333')],
          resources: ['*'],
        }),
      ],
    });
    expect(JSON.stringify(template.toJSON())).toContain('PartnerPublishes');
  });

  it('keeps events for replay for the retention it is given', () => {
    busTemplate({ archiveRetention: Duration.days(30) }).hasResourceProperties('AWS::Events::Archive', {
      RetentionDays: 30,
    });
  });

  it('registers one schema per canonical event type unless told not to', () => {
    const schemas = Object.keys(busTemplate().findResources('AWS::EventSchemas::Schema'));
    expect(schemas.length).toBeGreaterThan(0);
    busTemplate({ schemaRegistry: false }).resourceCountIs('AWS::EventSchemas::Registry', 0);
  });
});
