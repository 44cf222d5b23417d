import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import type { KeyProps } from 'aws-cdk-lib/aws-kms';

/**
 * Secure defaults for a customer-managed key: yearly rotation on, retained when the stack goes
 * (data encrypted under it must stay readable), and a long deletion window so a mistaken
 * deletion can be cancelled. Callers may override any field.
 */
export function secureKeyProps(overrides: KeyProps = {}): KeyProps {
  return {
    enableKeyRotation: true,
    removalPolicy: RemovalPolicy.RETAIN,
    pendingWindow: Duration.days(30),
    ...overrides,
  };
}
