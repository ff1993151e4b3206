/**
 * A form's submission as a value: idle, sending, done (with a message) or failed (shown through
 * the shared error state, never raw JSON). Every back-office and seller form uses it.
 */
import { useCallback, useState } from 'react';
import { ErrorState } from '../ui/states.tsx';

export type ActionState =
  | { status: 'idle' }
  | { status: 'busy' }
  | { status: 'done'; message: string }
  | { status: 'failed'; error: unknown };

export function useAction() {
  const [state, setState] = useState<ActionState>({ status: 'idle' });
  const run = useCallback(async (work: () => Promise<string>): Promise<boolean> => {
    setState({ status: 'busy' });
    try {
      setState({ status: 'done', message: await work() });
      return true;
    } catch (error) {
      setState({ status: 'failed', error });
      return false;
    }
  }, []);
  return { state, run, busy: state.status === 'busy' };
}

/** What became of the last submission: a polite notice (none when said elsewhere), or the problem in words. */
export function ActionOutcome({ state }: { state: ActionState }) {
  if (state.status === 'done' && state.message !== '')
    return (
      <p className="notice" role="status">
        {state.message}
      </p>
    );
  if (state.status === 'failed') return <ErrorState problem={state.error} />;
  return null;
}
