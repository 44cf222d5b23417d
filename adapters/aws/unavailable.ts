import { isServerError, isThrottlingError, isTransientError } from '@smithy/core/retry';
import type { InitializeHandler, Pluggable } from '@smithy/types';
import { DependencyUnavailableError } from '../../core/errors';

/** How long a caller is told to wait before retrying a request that met an outage. */
export const RETRY_AFTER_SECONDS = 5;

/** Whether an SDK failure is an outage (network, 5xx, throttling) rather than an answer to act on. */
export function isOutage(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  // The SDK's own classification, the one its retry strategy uses; it has already retried these.
  const sdkError = error as Parameters<typeof isTransientError>[0];
  return isTransientError(sdkError) || isServerError(sdkError) || isThrottlingError(sdkError);
}

/**
 * Client middleware, outside the retry step: a failure still transient after the SDK's retries
 * becomes DependencyUnavailableError (503 with Retry-After at the edge) naming the service, so an
 * outage is never reported as the platform's own bug (500) or a plugin's (502).
 */
export function outagesAsUnavailable(service: string): Pluggable<object, object> {
  return {
    applyToStack(stack) {
      stack.add(
        (next: InitializeHandler<object, object>) => async (args) => {
          try {
            return await next(args);
          } catch (error) {
            if (!isOutage(error)) throw error;
            throw Object.assign(
              new DependencyUnavailableError(
                `${service} is unavailable; retry in ${RETRY_AFTER_SECONDS} s.`,
                RETRY_AFTER_SECONDS,
              ),
              { cause: error },
            );
          }
        },
        { step: 'initialize', name: 'vivifiedOutagesAsUnavailable', override: true },
      );
    },
  };
}
