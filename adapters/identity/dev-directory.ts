import type { UserDirectory } from '../../core/ports';

/**
 * The development users' names (`vivified dev`): the local issuer signs their tokens, so it is
 * the one place that knows who each subject is.
 */
export function devUserDirectory(users: readonly { subject: string; name: string }[]): UserDirectory {
  const names = new Map(users.map((u) => [u.subject, u.name]));
  return {
    displayNames: async (subjects) =>
      new Map(subjects.flatMap((s) => (names.has(s) ? [[s, names.get(s)!] as const] : []))),
  };
}
