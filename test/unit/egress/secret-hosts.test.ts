import { describe, expect, it } from 'vitest';
import { carryAcrossRedirect, checkSecretHosts } from '../../../core/egress';

const bindings = [
  { name: 'apiToken', hosts: ['api.mailer.example', '*.eu.mailer.example'], declared: true },
  { name: 'hookKey', hosts: ['api.mailer.example', '*.hooks.chat.example'], declared: false },
  { name: 'orphan', hosts: [], declared: false },
];

describe('secrets bound to hosts: the request', () => {
  it('lets each secret go to the hosts it is bound to, in any case', () => {
    expect(checkSecretHosts('api.mailer.example', ['apiToken', 'hookKey'], bindings)).toEqual({
      allowed: true,
      rule: 'secret.host_bound',
    });
    expect(checkSecretHosts('Smtp.EU.mailer.example', ['apiToken'], bindings)).toMatchObject({
      allowed: true,
    });
    expect(checkSecretHosts('x.hooks.chat.example', ['hookKey'], bindings)).toMatchObject({ allowed: true });
  });

  it('refuses a secret bound elsewhere, naming the secret and where it may go', () => {
    expect(checkSecretHosts('x.hooks.chat.example', ['hookKey', 'apiToken'], bindings)).toEqual({
      allowed: false,
      rule: 'secret.host_not_bound',
      setting: 'apiToken',
      reason:
        'the secret apiToken may be sent only to api.mailer.example, *.eu.mailer.example, not to x.hooks.chat.example',
    });
    expect(checkSecretHosts('partner.example', ['hookKey'], bindings)).toEqual({
      allowed: false,
      rule: 'secret.host_not_bound',
      setting: 'hookKey',
      reason:
        "the secret hookKey may be sent only to the plugin's allowed_domains (api.mailer.example, *.hooks.chat.example), not to partner.example",
    });
    expect(checkSecretHosts('api.mailer.example', ['orphan'], bindings)).toMatchObject({
      allowed: false,
      reason:
        'the secret orphan may be sent only to no host (the plugin has no allowed_domains), not to api.mailer.example',
    });
  });

  it('leaves a name that is no secret setting to the injection, which refuses it with its pointer', () => {
    expect(checkSecretHosts('partner.example', ['nope'], bindings)).toMatchObject({ allowed: true });
  });
});

describe('secrets bound to hosts: redirects', () => {
  const from = new URL('https://api.mailer.example/send');
  const secrets = { apiToken: 'tok-1234567890' };
  const request = {
    headers: {
      Authorization: 'Bearer tok-1234567890',
      cookie: 'a=1',
      'Proxy-Authorization': 'Basic eA==',
      'X-Key': 'key tok-1234567890',
      Accept: 'application/json',
    },
    body: '{"to":"someone"}',
  };

  it('keeps everything within the origin, as a 307 or 308 must', () => {
    expect(carryAcrossRedirect(from, new URL('https://API.mailer.example:443/v2'), request, secrets)).toEqual(
      {
        allowed: true,
        rule: 'redirect.same_origin',
        ...request,
        dropped: [],
      },
    );
  });

  it.each([
    ['another host', 'https://other.mailer.example/send'],
    ['another port', 'https://api.mailer.example:8443/send'],
    ['another scheme', 'http://api.mailer.example/send'],
  ])('drops the credential headers and every header carrying a secret on a redirect to %s', (_, to) => {
    expect(carryAcrossRedirect(from, new URL(to), request, secrets)).toEqual({
      allowed: true,
      rule: 'redirect.cross_origin',
      headers: { Accept: 'application/json' },
      body: request.body,
      dropped: ['Authorization', 'cookie', 'Proxy-Authorization', 'X-Key'],
    });
  });

  it.each([
    ['its URL', 'https://other.example/cb?token=tok-1234567890', request.body],
    ['its URL, percent-encoded', 'https://other.example/cb?token=tok%2D1234567890', request.body],
    ['its body', 'https://other.example/cb', '{"token":"tok-1234567890"}'],
  ])('refuses a redirect to another origin that would carry a secret in %s', (_, to, body) => {
    const where = _.startsWith('its URL') ? 'URL' : 'body';

    expect(carryAcrossRedirect(from, new URL(to), { ...request, body }, secrets)).toEqual({
      allowed: false,
      rule: 'redirect.carries_secret',
      reason: `the redirect to https://other.example would carry the secret apiToken in its ${where}; secrets never follow a redirect to another origin`,
    });
  });

  it('reads a URL that does not decode as it is, and ignores an empty secret', () => {
    expect(
      carryAcrossRedirect(
        from,
        new URL('https://other.example/%E0%A4%A'),
        { headers: {} },
        { apiToken: '', x: 'abcd' },
      ),
    ).toEqual({ allowed: true, rule: 'redirect.cross_origin', headers: {}, body: undefined, dropped: [] });
  });
});
