/** What a sensitive value is replaced with. */
export const MASK = '***';

/**
 * Key words sensitive on their own. Short acronyms match only as a whole word of the key
 * (`patient_ssn`, `patientSSN`, `ssnLast4`) so that `classname` or `adobe` are left alone.
 */
const SENSITIVE_WORDS: ReadonlySet<string> = new Set([
  'ssn',
  'mrn',
  'dob',
  'pin',
  'cvv',
  'otp',
  'pwd',
  'auth',
]);

/**
 * Sensitive fragments, matched anywhere in the key with separators and case removed, so that
 * `api_key`, `X-Api-Key`, `apiKey` and `APIKEY` all match `apikey`, and `clientSecret`,
 * `refresh_token`, `Set-Cookie` match too. Erring towards masking is intended: a masked
 * `tokenCount` costs little, a leaked token costs a lot.
 */
const SENSITIVE_FRAGMENTS: readonly string[] = [
  'password',
  'passwd',
  'passphrase',
  'secret',
  'token',
  'authorization',
  'cookie',
  'credential',
  'apikey',
  'privatekey',
  'accesskey',
  'sessionid',
  'email',
  'phone',
  'dateofbirth',
  'birthdate',
  'socialsecurity',
  'medicalrecordnumber',
  'creditcard',
  'cardnumber',
];

/** The words of a key in any casing convention: `patientSSNValue` -> patient, ssn, value. */
function wordsOf(key: string): string[] {
  return key
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((word) => word !== '');
}

/**
 * Verdicts by key. Every audit record is masked, and its keys repeat (`method`, `url`, `headers`,
 * the same header names) while splitting one into words takes four regular expressions. Keys can
 * come from plugins, so the memory is bounded: when full it starts over.
 */
const verdicts = new Map<string, boolean>();
const MAX_REMEMBERED_KEYS = 4096;

export function isSensitiveKey(key: string): boolean {
  const known = verdicts.get(key);
  if (known !== undefined) return known;
  const words = wordsOf(key);
  const joined = words.join('');
  const sensitive =
    words.some((word) => SENSITIVE_WORDS.has(word)) ||
    SENSITIVE_FRAGMENTS.some((fragment) => joined.includes(fragment));
  if (verdicts.size >= MAX_REMEMBERED_KEYS) verdicts.clear();
  verdicts.set(key, sensitive);
  return sensitive;
}

/**
 * Headers, tags and parameters often come as `{ name: 'Authorization', value: '...' }`: the
 * secret sits under an innocent `value` key, so the pair's name decides.
 */
function isSensitivePair(entries: ReadonlyArray<[string, unknown]>): boolean {
  return entries.some(
    ([key, value]) => /^(name|key)$/i.test(key) && typeof value === 'string' && isSensitiveKey(value),
  );
}

const hasToJson = (value: object): value is { toJSON: () => unknown } =>
  typeof (value as { toJSON?: unknown }).toJSON === 'function';

function masked(value: unknown, ancestors: Set<object>): unknown {
  if (typeof value !== 'object' || value === null) return value;
  // Dates and other toJSON-bearing values are masked in the form they will be written in.
  if (hasToJson(value)) return masked(value.toJSON(), ancestors);
  if (ancestors.has(value)) throw new TypeError('Cannot mask a circular structure.');
  ancestors.add(value);
  try {
    if (Array.isArray(value)) return value.map((item) => masked(item, ancestors));
    const entries = Object.entries(value);
    const pair = isSensitivePair(entries);
    return Object.fromEntries(
      entries.map(([key, item]) => [
        key,
        isSensitiveKey(key) || (pair && /^value$/i.test(key)) ? MASK : masked(item, ancestors),
      ]),
    );
  } finally {
    ancestors.delete(value);
  }
}

/**
 * A copy of `value` in which everything under a sensitive key (at any depth, in objects and
 * arrays) is replaced by `***`, whole subtrees included. Objects come out as their JSON view
 * (own enumerable properties, `toJSON` applied), which is how they will be stored anyway.
 * Throws TypeError on a circular structure, which could not be stored either.
 */
export function maskSensitive(value: unknown): unknown {
  return masked(value, new Set());
}
