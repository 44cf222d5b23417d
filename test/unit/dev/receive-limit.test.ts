import { describe, expect, it } from 'vitest';
import { receiveLimit } from '../../../cli/dev/platform';

describe('the receive limit of vivified dev', () => {
  it('is 5 unless given, as deployed, and any whole number SQS accepts when given', () => {
    expect(receiveLimit(undefined)).toBe(5);
    expect(receiveLimit('')).toBe(5);
    expect(receiveLimit('1')).toBe(1);
    expect(receiveLimit('1000')).toBe(1000);
  });

  it.each(['0', '-1', '1001', '2.5', 'two', '1e9'])('refuses %s', (text) => {
    expect(() => receiveLimit(text)).toThrow(/whole number from 1 to 1000/);
  });
});
