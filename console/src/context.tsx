import { createContext, useCallback, useContext, useEffect, useState } from 'react';
import type { Api } from './api';
import type { ConsoleConfig } from './config';
import type { Session } from './session';

export interface ConsoleContext {
  readonly config: ConsoleConfig;
  readonly session: Session;
  readonly api: Api;
  /** The tenant every tenant-scoped page works in: the user's own (platform admins: the platform's). */
  readonly tenantId: string;
  readonly signOut: () => void;
}

export const Console = createContext<ConsoleContext | undefined>(undefined);

export function useConsole(): ConsoleContext {
  const value = useContext(Console);
  if (!value) throw new Error('useConsole outside the signed-in console');
  return value;
}

export interface Loaded<T> {
  readonly data?: T;
  readonly error?: unknown;
  readonly loading: boolean;
  readonly reload: () => void;
}

/** Loads data for a page, reloading when `key` changes; a stale answer never overwrites a newer one. */
export function useLoad<T>(load: () => Promise<T>, key: string): Loaded<T> {
  const [state, setState] = useState<{ data?: T; error?: unknown; loading: boolean }>({ loading: true });
  const [round, setRound] = useState(0);
  // biome-ignore lint/correctness/useExhaustiveDependencies: `key` names what the loader depends on.
  useEffect(() => {
    let current = true;
    setState((previous) => ({ ...previous, loading: true }));
    load().then(
      (data) => current && setState({ data, loading: false }),
      (error: unknown) => current && setState({ error, loading: false }),
    );
    return () => {
      current = false;
    };
  }, [key, round]);
  const reload = useCallback(() => setRound((n) => n + 1), []);
  return { ...state, reload };
}
