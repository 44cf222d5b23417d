import { describe, expect, it } from 'vitest';
import { formatJson } from '../../../cli/commands/init';

// What `vivified init` writes must pass the project's formatter unchanged (npm run lint).
describe('formatJson', () => {
  it('keeps objects expanded and puts a list of plain values on one line when it fits', () => {
    expect(formatJson({ a: ['x', 1, true], b: { c: [] }, d: [{ e: 1 }] })).toBe(
      '{\n  "a": ["x", 1, true],\n  "b": {\n    "c": []\n  },\n  "d": [\n    {\n      "e": 1\n    }\n  ]\n}\n',
    );
  });

  it('leaves a list that would not fit one per line', () => {
    const long = Array.from({ length: 12 }, (_, i) => `value-number-${i}`);
    expect(formatJson({ long }).split('\n')).toHaveLength(long.length + 5);
  });
});
