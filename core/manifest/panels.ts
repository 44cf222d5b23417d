import type { FieldError } from '../errors';
import { isJsonObject, type JsonObject, type JsonValue, pointerTo } from './json-tree';

const objectOf = (value: JsonValue | undefined): JsonObject => (isJsonObject(value) ? value : {});

/**
 * A panel is served by one of the plugin's own exposed operations, fetched with GET: it names no
 * URL of its own, so the platform's operator path (signed, audited) is the only way its HTML
 * arrives. Ids are unique so a panel session names exactly one panel.
 */
export function panelErrors(manifest: JsonObject): FieldError[] {
  const panels = objectOf(manifest.ui).panels;
  if (!Array.isArray(panels)) return [];
  const exposes = objectOf(objectOf(manifest.operations).exposes);
  const errors: FieldError[] = [];
  const seen = new Set<string>();
  panels.forEach((panel, index) => {
    const { id, operation } = objectOf(panel);
    if (typeof id === 'string') {
      if (seen.has(id))
        errors.push({
          pointer: pointerTo(['ui', 'panels', index, 'id']),
          message: `repeats the panel id ${id}`,
        });
      seen.add(id);
    }
    if (typeof operation !== 'string') return;
    const exposed = Object.hasOwn(exposes, operation) ? objectOf(exposes[operation]) : undefined;
    const pointer = pointerTo(['ui', 'panels', index, 'operation']);
    if (exposed === undefined) {
      errors.push({
        pointer,
        message: `must name an operation in operations.exposes; ${operation} is not exposed`,
      });
    } else if (exposed.method !== 'GET') {
      errors.push({
        pointer,
        message: `must name an operation answering GET; ${operation} is ${String(exposed.method)}`,
      });
    }
  });
  return errors;
}
