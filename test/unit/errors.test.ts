import { describe, expect, it } from 'vitest';
import {
  AuthenticationError,
  ConcurrentModificationError,
  ConflictError,
  DependencyUnavailableError,
  EgressDeniedError,
  IllegalTransitionError,
  isVivifiedError,
  ManifestInvalidError,
  NotFoundError,
  PayloadTooLargeError,
  PolicyDeniedError,
  RateLimitedError,
  SealingKeyUnavailableError,
  UnsupportedMediaTypeError,
  UpstreamError,
  ValidationError,
  VivifiedError,
} from '../../core/errors';

const fieldErrors = [{ pointer: '/id', message: 'is required' }];

describe('the error family', () => {
  it.each<[VivifiedError, string, number, Record<string, unknown>]>([
    [new ValidationError('Invalid body.', fieldErrors), 'validation_failed', 400, { errors: fieldErrors }],
    [
      new ManifestInvalidError('The manifest is invalid.', fieldErrors),
      'manifest_invalid',
      400,
      { errors: fieldErrors },
    ],
    [new AuthenticationError('No credential.'), 'unauthenticated', 401, {}],
    [
      new PolicyDeniedError('Denied.', ['needs plugin_manager']),
      'forbidden',
      403,
      { reasons: ['needs plugin_manager'] },
    ],
    [new NotFoundError('No such plugin.'), 'not_found', 404, {}],
    [new ConflictError('Still installed.'), 'conflict', 409, {}],
    [
      new IllegalTransitionError('Active', 'unregister', ['disable']),
      'illegal_transition',
      409,
      { from: 'Active', event: 'unregister', legalEvents: ['disable'] },
    ],
    [new ConcurrentModificationError('Changed meanwhile.'), 'concurrent_modification', 409, {}],
    [new SealingKeyUnavailableError('Key disabled.'), 'sealing_key_unavailable', 409, {}],
    [
      new EgressDeniedError('Private address.', 'address.private'),
      'egress_denied',
      403,
      { rule: 'address.private' },
    ],
    [new PayloadTooLargeError('Too big.'), 'payload_too_large', 413, {}],
    [new UnsupportedMediaTypeError('Not JSON.'), 'unsupported_media_type', 415, {}],
    [new RateLimitedError('Slow down.', 3), 'rate_limited', 429, { retryAfterSeconds: 3 }],
    [
      new DependencyUnavailableError('The registry is unavailable.', 5),
      'dependency_unavailable',
      503,
      { retryAfterSeconds: 5 },
    ],
    [new UpstreamError('Plugin failed.', 502), 'upstream_failed', 502, {}],
    [new UpstreamError('Plugin too slow.', 504), 'upstream_timeout', 504, {}],
  ])('%s has code %s, status %i and client-safe details', (error, code, status, details) => {
    expect(error.code).toBe(code);
    expect(error.status).toBe(status);
    expect(error.details).toEqual(details);
    expect(error.name).toBe(error.constructor.name);
    expect(error).toBeInstanceOf(Error);
    expect(error).toBeInstanceOf(VivifiedError);
    expect(isVivifiedError(error)).toBe(true);
  });

  it('keeps the message it is given, and any extra details', () => {
    const error = new NotFoundError('Plugin notifier is not in the catalog.', { pluginId: 'notifier' });

    expect(error.message).toBe('Plugin notifier is not in the catalog.');
    expect(error.details).toEqual({ pluginId: 'notifier' });
  });

  it('exposes each error’s own fields beside its details', () => {
    expect(new ValidationError('x', fieldErrors).errors).toBe(fieldErrors);
    expect(new PolicyDeniedError('x', ['a', 'b']).reasons).toEqual(['a', 'b']);
    expect(new EgressDeniedError('x', 'scheme.https_only').rule).toBe('scheme.https_only');
    expect(new RateLimitedError('x', 12).retryAfterSeconds).toBe(12);
    expect(new DependencyUnavailableError('x', 7).retryAfterSeconds).toBe(7);
  });

  it('makes the specialised errors catchable as their general kind', () => {
    expect(new ManifestInvalidError('x', [])).toBeInstanceOf(ValidationError);
    expect(new IllegalTransitionError('Active', 'enable', [])).toBeInstanceOf(ConflictError);
    expect(new ConcurrentModificationError('x')).toBeInstanceOf(ConflictError);
  });

  it('names the legal events of an illegal transition, or says there are none', () => {
    const error = new IllegalTransitionError('Active', 'unregister', ['disable', 'fail']);

    expect(error).toMatchObject({ from: 'Active', event: 'unregister', legalEvents: ['disable', 'fail'] });
    expect(error.message).toBe(
      'Cannot unregister an installation that is Active; legal from Active: disable, fail.',
    );
    expect(new IllegalTransitionError('Unregistered', 'enable', []).message).toBe(
      'Cannot enable an installation that is Unregistered; legal from Unregistered: none.',
    );
  });

  it('does not mistake other errors, or look-alikes, for its own', () => {
    expect(isVivifiedError(new Error('x'))).toBe(false);
    expect(isVivifiedError({ code: 'forbidden', status: 403, message: 'x' })).toBe(false);
    expect(isVivifiedError(undefined)).toBe(false);
  });
});
