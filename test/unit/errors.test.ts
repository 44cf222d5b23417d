import { describe, expect, it } from 'vitest';
import {
  AuthenticationError,
  ConcurrentModificationError,
  ConflictError,
  EgressDeniedError,
  IllegalTransitionError,
  isVivifiedError,
  ManifestInvalidError,
  NotFoundError,
  PayloadTooLargeError,
  PolicyDeniedError,
  RateLimitedError,
  UnsupportedMediaTypeError,
  UpstreamError,
  ValidationError,
} from '../../core/errors';

describe('the error family', () => {
  it.each([
    [
      new ValidationError('bad', [{ pointer: '/a', message: 'is required' }]),
      'validation_failed',
      400,
      { errors: [{ pointer: '/a', message: 'is required' }] },
    ],
    [new ManifestInvalidError('bad', []), 'manifest_invalid', 400, { errors: [] }],
    [new AuthenticationError('who?'), 'unauthenticated', 401, {}],
    [new PolicyDeniedError('no', ['role x needed']), 'forbidden', 403, { reasons: ['role x needed'] }],
    [new NotFoundError('gone'), 'not_found', 404, {}],
    [new ConflictError('busy'), 'conflict', 409, {}],
    [new ConcurrentModificationError('raced'), 'concurrent_modification', 409, {}],
    [
      new EgressDeniedError('private address', 'address.private'),
      'egress_denied',
      403,
      { rule: 'address.private' },
    ],
    [new PayloadTooLargeError('big'), 'payload_too_large', 413, {}],
    [new UnsupportedMediaTypeError('xml?'), 'unsupported_media_type', 415, {}],
    [new RateLimitedError('slow down', 3), 'rate_limited', 429, { retryAfterSeconds: 3 }],
    [new UpstreamError('broke', 502), 'upstream_failed', 502, {}],
    [new UpstreamError('slow', 504), 'upstream_timeout', 504, {}],
  ])('%s carries code %s, status %s and its details', (error, code, status, details) => {
    expect(error.code).toBe(code);
    expect(error.status).toBe(status);
    expect(error.details).toEqual(details);
    expect(error.name).toBe(error.constructor.name);
    expect(isVivifiedError(error)).toBe(true);
  });

  it('names the legal events of an illegal transition', () => {
    const error = new IllegalTransitionError('Active', 'uninstall', ['disable']);

    expect(error).toMatchObject({
      code: 'illegal_transition',
      status: 409,
      from: 'Active',
      event: 'uninstall',
      legalEvents: ['disable'],
    });
    expect(error.message).toBe(
      'Cannot uninstall an installation that is Active; legal from Active: disable.',
    );
    expect(new IllegalTransitionError('Gone', 'enable', []).message).toContain('legal from Gone: none');
  });

  it('does not mistake other errors for its own', () => {
    expect(isVivifiedError(new Error('x'))).toBe(false);
    expect(isVivifiedError({ code: 'forbidden', status: 403 })).toBe(false);
  });
});
