/** One page of a listing and the opaque cursor to the next (absent on the last page). */
export interface Page<T> {
  readonly items: readonly T[];
  readonly cursor?: string;
}
