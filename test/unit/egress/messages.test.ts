import { describe, expect, it } from 'vitest';
import { checkAddresses, classifyAddress } from '../../../core/egress';

describe('the egress guard’s messages', () => {
  it('says what a resolved address is in a sentence of its own', () => {
    expect(checkAddresses('api.example.com', ['127.0.0.1'], {})).toEqual({
      allowed: false,
      rule: 'address.loopback',
      reason: 'api.example.com resolves to 127.0.0.1, which is a loopback address',
    });
    expect(checkAddresses('api.example.com', ['8.8.8.8', '169.254.169.254'], {})).toEqual({
      allowed: false,
      rule: 'address.metadata',
      reason: 'api.example.com resolves to 169.254.169.254, which is the cloud instance metadata service',
    });
  });

  it('names each IPv6 form that embeds an IPv4 address with its own article and name', () => {
    const reasons = Object.fromEntries(
      [
        '::ffff:127.0.0.1',
        '::ffff:0:7f00:1',
        '64:ff9b::7f00:1',
        '2002:7f00:1::1',
        '2001:0:4136:e378:8000:63bf:80ff:fffe',
        '::7f00:1',
      ].map((address) => [address, classifyAddress(address)]),
    );

    expect(reasons).toEqual({
      '::ffff:127.0.0.1': expect.objectContaining({
        reason: '::ffff:7f00:1 is a loopback address, embedded in an IPv4-mapped IPv6 address',
      }),
      // ::ffff:0:0:0/96 is the v4-translated range (RFC 2765, RFC 6052), not the mapped one.
      '::ffff:0:7f00:1': expect.objectContaining({
        reason: '::ffff:0:7f00:1 is a loopback address, embedded in an IPv4-translated IPv6 address',
      }),
      '64:ff9b::7f00:1': expect.objectContaining({
        reason: '64:ff9b::7f00:1 is a loopback address, embedded in a NAT64 IPv6 address',
      }),
      '2002:7f00:1::1': expect.objectContaining({
        reason: '2002:7f00:1::1 is a loopback address, embedded in a 6to4 IPv6 address',
      }),
      '2001:0:4136:e378:8000:63bf:80ff:fffe': expect.objectContaining({
        reason:
          '2001:0:4136:e378:8000:63bf:80ff:fffe is a loopback address, embedded in a Teredo IPv6 address',
      }),
      '::7f00:1': expect.objectContaining({
        reason: '::7f00:1 is a loopback address, embedded in an IPv4-compatible IPv6 address',
      }),
    });
  });

  it('says so when a resolver answers something that is no address', () => {
    expect(checkAddresses('api.example.com', ['not-an-ip'], {})).toEqual({
      allowed: false,
      rule: 'address.invalid',
      reason: 'api.example.com resolves to not-an-ip, which is not an IP address',
    });
  });
});
