/**
 * Who the people behind user subjects are, where the platform knows them: a trail of subjects is
 * unreadable to the people who have to read it.
 */
export interface UserDirectory {
  /** The display names of those of `subjects` the directory knows; the others are left out. */
  displayNames(subjects: readonly string[]): Promise<ReadonlyMap<string, string>>;
}
