import { useEffect, useRef } from 'react';

const CONTROLS = 'button, a, input, select, textarea, [contenteditable]';

/**
 * Keys of the register (`F2`, `F4`, `Escape`…) wherever the focus is, even in a field: a
 * cashier's hands stay on the keyboard. Function keys lose their browser meaning here.
 */
export function useShortcuts(keys: Record<string, (() => void) | undefined>): void {
  const current = useRef(keys);
  current.current = keys;
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.altKey || event.ctrlKey || event.metaKey) return;
      const action = current.current[event.key];
      if (!action) return;
      // Enter on a control is that control's (a button clicks, a field submits its form).
      if (event.key === 'Enter' && event.target instanceof Element && event.target.closest(CONTROLS)) return;
      event.preventDefault();
      action();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}
