import { ValidationError, VivifiedError } from '../../core/errors';

/**
 * Why a member's upgrade failed, in words safe to show the platform admin and the tenant's trail:
 * the domain's own message, with each failing field's pointer (a config the new version rejects
 * says which setting); anything else only by its kind, since its message may name internals.
 */
export function failureMessage(error: unknown): string {
  if (error instanceof ValidationError && error.errors.length > 0) {
    return `${error.message} (${error.errors.map((field) => `${field.pointer} ${field.message}`).join('; ')})`;
  }
  if (error instanceof VivifiedError) return error.message;
  return `an unexpected ${error instanceof Error ? error.name : 'error'}`;
}
