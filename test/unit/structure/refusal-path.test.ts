import { describe, expect, it } from 'vitest';
import { sourcesUnder } from './source-files';

// The one path every refusal goes through: it audits, counts and throws (application/guard.ts).
const REFUSAL_PATH = 'application/guard.ts';

/** The argument text of every `.append(…)` call in a source, brackets balanced. */
function appendCalls(text: string): string[] {
  const calls: string[] = [];
  for (const match of text.matchAll(/\.append\(/g)) {
    let depth = 1;
    let end = match.index + match[0].length;
    while (depth > 0 && end < text.length) {
      const char = text[end++];
      if (char === '(') depth += 1;
      if (char === ')') depth -= 1;
    }
    calls.push(text.slice(match.index + match[0].length, end - 1));
  }
  return calls;
}

/** Why a source writes a deny record by hand, or undefined when it does not. */
function handWrittenDenials(path: string, text: string): string[] {
  const literal = /decision\s*:\s*['"`]deny['"`]/.test(text) ? [`${path} spells decision 'deny'`] : [];
  // Every other audit append states an allow outright: a decision passed through (a variable, a
  // decide() effect) could be a deny that skips the refusal path.
  const appends = appendCalls(text)
    .filter((call) => /\bdecision\b/.test(call) && !/decision\s*:\s*['"`]allow['"`]/.test(call))
    .map(() => `${path} appends an audit record whose decision is not 'allow'`);
  return [...literal, ...appends];
}

describe('refusals are written in one place', () => {
  const sources = [...sourcesUnder('functions'), ...sourcesUnder('application')];

  it('no source in functions/ or application/ writes a deny record but the refusal path', () => {
    const found = sources
      .filter(({ path }) => path !== REFUSAL_PATH)
      .flatMap(({ path, text }) => handWrittenDenials(path, text));

    expect(found).toEqual([]);
  });

  it('the refusal path writes exactly one deny record', () => {
    const guard = sources.find(({ path }) => path === REFUSAL_PATH)!;

    expect(guard.text.match(/decision\s*:\s*['"`]deny['"`]/g)).toHaveLength(1);
  });

  it('would catch a hand-written deny site', () => {
    // Prepare: the two shapes a new refusal site could take.
    const literal = "await plane.audit.append({ tenantId, action, decision: 'deny', reasons });";
    const passedThrough = 'await audit.append({ tenantId, action, decision: verdict.effect, reasons });';
    const allowed = "await audit.append({ tenantId, details: { n: f(1) }, decision: 'allow' });";

    // Act / Assess
    expect(handWrittenDenials('functions/x.ts', literal)).toHaveLength(2);
    expect(handWrittenDenials('functions/x.ts', passedThrough)).toHaveLength(1);
    expect(handWrittenDenials('functions/x.ts', allowed)).toEqual([]);
  });
});
