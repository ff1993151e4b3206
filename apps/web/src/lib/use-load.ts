import { type DependencyList, useCallback, useEffect, useState } from 'react';

/** A value being fetched for a screen: every screen renders these three states (see ui/states). */
export type Load<T> =
  | { status: 'loading' }
  | { status: 'ready'; data: T }
  | { status: 'failed'; error: unknown };

/**
 * Runs `load` when `deps` change and on `reload()`; an answer that arrives after the inputs
 * changed is dropped, so a slow first search never overwrites a fast second one.
 */
export function useLoad<T>(load: () => Promise<T>, deps: DependencyList): Load<T> & { reload(): void } {
  const [state, setState] = useState<Load<T>>({ status: 'loading' });
  const [round, setRound] = useState(0);
  // biome-ignore lint/correctness/useExhaustiveDependencies: the caller names what `load` depends on
  const run = useCallback(load, deps);
  // biome-ignore lint/correctness/useExhaustiveDependencies: `round` is how reload() asks for a new run
  useEffect(() => {
    let current = true;
    setState({ status: 'loading' });
    run().then(
      (data) => current && setState({ status: 'ready', data }),
      (error: unknown) => current && setState({ status: 'failed', error }),
    );
    return () => {
      current = false;
    };
  }, [run, round]);
  const reload = useCallback(() => setRound((n) => n + 1), []);
  return { ...state, reload };
}
