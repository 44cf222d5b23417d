import { readFileSync } from 'node:fs';

/** What one `st run` found, from its JUnit report. */
export interface RunFindings {
  /** Checks that failed: answers the document does not describe, 5xx, accepted invalid data… */
  readonly failures: number;
  /** Errors that are the API's: a connection refused or reset, a timeout (a hang). */
  readonly errors: number;
  /** Errors inside Schemathesis or Hypothesis themselves, which say nothing of the API. */
  readonly toolErrors: readonly string[];
}

/**
 * Errors of the fuzzer, not of the API under test: CPython 3.11 sometimes fails building the
 * source of a Hypothesis strategy deep in the manifest's schema ("AST constructor recursion depth
 * mismatch", then Hypothesis's FlakyFailure); Schemathesis reports such a case as a Runtime Error.
 */
const TOOL_ERROR = /^Runtime Error\s[\s\S]*(hypothesis\.errors\.|SystemError: AST constructor recursion)/;

const xmlText = (text: string) =>
  text
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');

export function findingsOf(reportPath: string): RunFindings {
  const xml = readFileSync(reportPath, 'utf8');
  const failures = (xml.match(/<failure[\s>]/g) ?? []).length;
  let errors = 0;
  const toolErrors: string[] = [];
  for (const testCase of xml.matchAll(/<testcase name="([^"]*)"[^>]*>([\s\S]*?)<\/testcase>/g)) {
    for (const [, text] of testCase[2]!.matchAll(/<error[^>]*>([\s\S]*?)<\/error>/g)) {
      if (TOOL_ERROR.test(xmlText(text!))) toolErrors.push(xmlText(testCase[1]!));
      else errors += 1;
    }
  }
  return { failures, errors, toolErrors };
}
