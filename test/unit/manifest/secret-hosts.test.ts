import { describe, expect, it } from 'vitest';
import { secretBindings } from '../../../core/config';
import { validateManifest } from '../../../core/manifest';
import { exampleWith } from './fixtures';

// The notifier's allowed_domains: api.mailer.example and *.hooks.chat.example.
const withToken = (token: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
  exampleWith('notifier', {
    config: {
      type: 'object',
      properties: {
        sender: { type: 'string' },
        apiToken: { type: 'string', 'x-secret': true, ...token },
        ...extra,
      },
    },
  });
const errorsOf = (json: unknown) => {
  const result = validateManifest(json);
  return result.ok ? [] : result.errors;
};
const at = (...path: (string | number)[]) => `/config/properties/${path.join('/')}`;

describe('secrets bound to hosts in the manifest', () => {
  it('accepts hosts within allowed_domains: an entry itself, or a name or wildcard under a wildcard', () => {
    expect(
      errorsOf(
        withToken({
          'x-secret-hosts': ['api.mailer.example', 'a.hooks.chat.example', '*.x.hooks.chat.example'],
        }),
      ),
    ).toEqual([]);
  });

  it.each<[string, Record<string, unknown>, Record<string, unknown>, { pointer: string; message: string }[]]>(
    [
      [
        'a host outside allowed_domains',
        { 'x-secret-hosts': ['api.mailer.example', 'api.other.example'] },
        {},
        [
          {
            pointer: at('apiToken', 'x-secret-hosts', 1),
            message:
              'is not within allowed_domains (api.mailer.example, *.hooks.chat.example): a secret goes only where the plugin may send requests',
          },
        ],
      ],
      [
        'a wildcard wider than its allowed entry',
        { 'x-secret-hosts': ['*.mailer.example'] },
        {},
        [
          {
            pointer: at('apiToken', 'x-secret-hosts', 0),
            message:
              'is not within allowed_domains (api.mailer.example, *.hooks.chat.example): a secret goes only where the plugin may send requests',
          },
        ],
      ],
      [
        'an entry that is no host name',
        { 'x-secret-hosts': ['https://api.mailer.example', 7] },
        {},
        [
          {
            pointer: at('apiToken', 'x-secret-hosts', 0),
            message: 'must be a host name without a scheme: api.example.com, not https://api.example.com',
          },
          { pointer: at('apiToken', 'x-secret-hosts', 1), message: 'must be a host name (a string)' },
        ],
      ],
      [
        'an empty list',
        { 'x-secret-hosts': [] },
        {},
        [
          {
            pointer: at('apiToken', 'x-secret-hosts'),
            message:
              'must be a non-empty list of hosts from allowed_domains (leave it out to allow all of allowed_domains)',
          },
        ],
      ],
      [
        'a single host rather than a list',
        { 'x-secret-hosts': 'api.mailer.example' },
        {},
        [
          {
            pointer: at('apiToken', 'x-secret-hosts'),
            message:
              'must be a non-empty list of hosts from allowed_domains (leave it out to allow all of allowed_domains)',
          },
        ],
      ],
      [
        'hosts on a setting that is no secret',
        {},
        { chatChannel: { type: 'string', 'x-secret-hosts': ['api.mailer.example'] } },
        [
          {
            pointer: at('chatChannel', 'x-secret-hosts'),
            message:
              'says where a secret may be sent, so it belongs beside "x-secret": true on a top-level setting',
          },
        ],
      ],
    ],
  )('refuses %s, with its pointer', (_, token, extra, expected) => {
    expect(errorsOf(withToken(token, extra))).toEqual(expected);
  });

  it('refuses hosts on a nested secret, where nothing honours them', () => {
    const nested = exampleWith('notifier', {
      config: {
        type: 'object',
        properties: {
          sender: { type: 'string' },
          auth: {
            type: 'object',
            properties: { token: { type: 'string', 'x-secret-hosts': ['api.mailer.example'] } },
          },
        },
      },
    });

    expect(errorsOf(nested)).toEqual([
      {
        pointer: '/config/properties/auth/properties/token/x-secret-hosts',
        message:
          'says where a secret may be sent, so it belongs beside "x-secret": true on a top-level setting',
      },
    ]);
  });

  it('says where each secret may go: its declared hosts, or the manifest’s allowed_domains', () => {
    const schema = {
      type: 'object',
      properties: {
        sender: { type: 'string' },
        apiToken: { type: 'string', 'x-secret': true, 'x-secret-hosts': ['api.mailer.example'] },
        hookKey: { type: 'string', 'x-secret': true },
      },
    };

    expect(secretBindings(schema, ['api.mailer.example', '*.hooks.chat.example'])).toEqual([
      { name: 'apiToken', hosts: ['api.mailer.example'], declared: true },
      { name: 'hookKey', hosts: ['api.mailer.example', '*.hooks.chat.example'], declared: false },
    ]);
    expect(secretBindings(schema)).toEqual([
      { name: 'apiToken', hosts: ['api.mailer.example'], declared: true },
      { name: 'hookKey', hosts: [], declared: false },
    ]);
    expect(secretBindings(undefined)).toEqual([]);
  });
});
