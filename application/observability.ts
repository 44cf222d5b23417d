/**
 * What the application layer needs of observability, in its own words, so it depends on no
 * logging or metrics library: the handlers pass Powertools' Logger and Metrics, tests pass stubs.
 */

/** Counts things (EMF metrics deployed). */
export interface Counter {
  addMetric(name: string, unit: 'Count', value: number): void;
}

/** Reports failures that are handled but must be looked at. */
export interface ErrorLog {
  error(message: string, attributes: Record<string, unknown>): void;
}
