import { useTranslation } from 'react-i18next';
import { Empty } from './states.tsx';

/** An area not built yet: says so in words (other screens replace these). */
export function Placeholder({ area }: { area: 'shop' | 'seller' | 'admin' | 'reports' }) {
  const { t } = useTranslation();
  return (
    <section className="panel" aria-labelledby={`${area}-title`}>
      <h1 id={`${area}-title`}>{t(`nav.${area}`)}</h1>
      <Empty>{t(`placeholder.${area}`)}</Empty>
    </section>
  );
}
