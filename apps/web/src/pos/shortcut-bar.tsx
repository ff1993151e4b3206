import { useTranslation } from 'react-i18next';

export interface Shortcut {
  key: string;
  label: string;
}

/** The keys that work on this screen, always in view. */
export function ShortcutBar({ shortcuts }: { shortcuts: readonly Shortcut[] }) {
  const { t } = useTranslation('pos');
  return (
    <aside className="shortcut-bar no-print" aria-label={t('shortcuts.label')}>
      <ul>
        {shortcuts.map((shortcut) => (
          <li key={shortcut.key}>
            <kbd>{shortcut.key}</kbd> {shortcut.label}
          </li>
        ))}
      </ul>
    </aside>
  );
}
