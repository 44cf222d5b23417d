import { CLASSIFICATIONS, type DataClassification } from '../manifest/types';

/**
 * What the platform reads from a canonical model's JSON Schema besides validation: its type name,
 * who may publish it, and the data classification of every field. Classification is annotated on
 * the schema (`"x-classification"`), so the same file tells validators in any language what is
 * valid and tells the lane what must be redacted for whom.
 */

/** Who may put an event of the type on the bus. */
export type EventPublisher = 'plugin' | 'platform';
const PUBLISHERS: readonly string[] = ['plugin', 'platform'] satisfies EventPublisher[];

/**
 * Classification of each field of a type's data, by JSON pointer into the data (`/email`,
 * `/amount/value`). Inside a list the segment `*` stands for every item, so the code of each
 * finding is `/findings` + `/*` + `/code`. Field names are identifiers, so `*` means nothing else.
 */
export type FieldClassifications = Readonly<Record<string, DataClassification>>;

export interface CanonicalModel {
  /** Type name with version, e.g. `UserCreated.v1`; the EventBridge detail-type. */
  readonly type: string;
  readonly publisher: EventPublisher;
  readonly fields: FieldClassifications;
  /** The most sensitive classification among the fields: the event's own classification. */
  readonly classification: DataClassification;
}

export const EVENT_TYPE_PATTERN = /^[A-Z][A-Za-z0-9]*\.v[1-9][0-9]*$/;
const FIELD_NAME = /^[A-Za-z][A-Za-z0-9_]*$/;

/**
 * Keywords that describe data somewhere a walk over `properties` and `items` does not look. A
 * field reachable only through one of them would carry data no annotation classifies, and so
 * could never be redacted: such schemas are refused rather than half understood.
 */
const UNFOLLOWED_KEYWORDS = [
  '$ref',
  '$dynamicRef',
  'allOf',
  'anyOf',
  'oneOf',
  'not',
  'if',
  'then',
  'else',
  'patternProperties',
  'additionalItems',
  'prefixItems',
  'dependentSchemas',
  'unevaluatedProperties',
  'unevaluatedItems',
];

export const rankOf = (classification: DataClassification): number => CLASSIFICATIONS.indexOf(classification);

export const highestClassification = (classifications: Iterable<DataClassification>): DataClassification =>
  [...classifications].reduce((highest, next) => (rankOf(next) > rankOf(highest) ? next : highest), 'public');

type SchemaNode = Readonly<Record<string, unknown>>;
const isNode = (value: unknown): value is SchemaNode =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const isClassification = (value: unknown): value is DataClassification =>
  (CLASSIFICATIONS as readonly unknown[]).includes(value);

/** Whether any schema below `value` carries a classification of its own. */
const classifiedBelow = (value: unknown): boolean =>
  Array.isArray(value)
    ? value.some(classifiedBelow)
    : isNode(value) &&
      Object.entries(value).some(([key, child]) => key === 'x-classification' || classifiedBelow(child));

/**
 * Collects the classification of every field under `node`. A classified node is a field: its
 * classification covers its whole value (a list of role names is one `internal` field). An
 * unclassified node must be an object or a list whose contents are classified in turn.
 */
function collectFields(
  node: unknown,
  pointer: string,
  fields: Record<string, DataClassification>,
  problems: string[],
): void {
  if (!isNode(node)) {
    problems.push(`${pointer} is not a schema`);
    return;
  }
  const unfollowed = UNFOLLOWED_KEYWORDS.filter((keyword) => keyword in node);
  if (unfollowed.length > 0) {
    problems.push(`${pointer} uses ${unfollowed.join(', ')}, which field classification cannot follow`);
  }
  const classification = node['x-classification'];
  if (classification !== undefined) {
    if (!isClassification(classification)) {
      problems.push(
        `${pointer} has x-classification ${JSON.stringify(classification)}, not one of ${CLASSIFICATIONS.join(', ')}`,
      );
    } else {
      fields[pointer] = classification;
    }
    // Two classifications for one value would leave redaction guessing which one wins.
    if (Object.entries(node).some(([key, child]) => key !== 'x-classification' && classifiedBelow(child))) {
      problems.push(`${pointer} is classified as a whole, so nothing inside it may be classified again`);
    }
    return;
  }
  if (node.type === 'object') {
    collectObjectFields(node, pointer, fields, problems);
  } else if (node.type === 'array') {
    collectFields(node.items, `${pointer}/*`, fields, problems);
  } else {
    problems.push(`${pointer} has no x-classification`);
  }
}

function collectObjectFields(
  node: SchemaNode,
  pointer: string,
  fields: Record<string, DataClassification>,
  problems: string[],
): void {
  // Open objects would let fields the schema never classified travel unredacted.
  if (node.additionalProperties !== false) {
    problems.push(`${pointer || 'the data'} must set additionalProperties to false`);
  }
  const properties = isNode(node.properties) ? Object.entries(node.properties) : [];
  if (properties.length === 0) problems.push(`${pointer || 'the data'} has no fields`);
  for (const [name, child] of properties) {
    if (!FIELD_NAME.test(name)) {
      problems.push(
        `${pointer}/${name} is not an identifier (letters, digits and _, starting with a letter)`,
      );
    }
    collectFields(child, `${pointer}/${name}`, fields, problems);
  }
}

function metadataProblems(schema: SchemaNode, type: unknown): string[] {
  const problems: string[] = [];
  if (typeof type !== 'string' || !EVENT_TYPE_PATTERN.test(type)) {
    problems.push('x-event-type must name the type with its version, e.g. UserCreated.v1');
  } else if (typeof schema.$id !== 'string' || !schema.$id.endsWith(`/${type}.schema.json`)) {
    problems.push(`$id must end with /${type}.schema.json, the file the schema lives in`);
  }
  if (!PUBLISHERS.includes(schema['x-publisher'] as string)) {
    problems.push(`x-publisher must be one of ${PUBLISHERS.join(', ')}`);
  }
  for (const keyword of ['title', 'description']) {
    if (typeof schema[keyword] !== 'string' || schema[keyword] === '') problems.push(`${keyword} is missing`);
  }
  if (schema.type !== 'object' || 'x-classification' in schema) {
    problems.push('the data must be an object whose fields are classified one by one, not as a whole');
  }
  return problems;
}

/**
 * Reads a canonical model from its schema, or throws listing everything that makes the schema
 * unusable. This runs once per schema when the registry loads: a model the lane cannot classify
 * completely must never be served, so the failure is loud and early.
 */
export function readCanonicalModel(schema: SchemaNode): CanonicalModel {
  const type = schema['x-event-type'];
  const problems = metadataProblems(schema, type);
  const fields: Record<string, DataClassification> = {};
  if (problems.length === 0) collectObjectFields(schema, '', fields, problems);
  if (problems.length > 0) {
    const name = typeof type === 'string' ? type : String(schema.$id ?? 'without x-event-type');
    throw new Error(`Canonical schema ${name} cannot be used:\n- ${problems.join('\n- ')}`);
  }
  return {
    type: type as string,
    publisher: schema['x-publisher'] as EventPublisher,
    // Frozen: every caller shares this one object, and it must say what the schema says.
    fields: Object.freeze(fields),
    classification: highestClassification(Object.values(fields)),
  };
}
