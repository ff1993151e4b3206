import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorState } from '../ui/states.tsx';
import { type CsvReport, fetchCsv, type Ranking } from './reports-api.ts';
import type { ReportFilter } from './use-report-filter.ts';

const REPORTS: readonly CsvReport[] = ['sales', 'top-products', 'stock-alerts', 'sessions'];

/** Hands a text to the browser as a file to save (a blob URL: the app's CSP allows no data download script). */
function saveAs(text: string, fileName: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/csv;charset=utf-8' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** The service's own CSV of each report, for the filter on screen. */
export function CsvExport({ filter, by }: { filter: ReportFilter; by: Ranking }) {
  const { t } = useTranslation('reports');
  const [busy, setBusy] = useState<CsvReport | undefined>();
  const [failure, setFailure] = useState<unknown>();

  async function download(report: CsvReport) {
    setBusy(report);
    setFailure(undefined);
    try {
      const { text, fileName } = await fetchCsv(report, filter, by);
      saveAs(text, fileName);
    } catch (error) {
      setFailure(error);
    } finally {
      setBusy(undefined);
    }
  }

  return (
    <section className="panel csv-export" aria-labelledby="csv-title">
      <h2 id="csv-title">{t('csv.label')}</h2>
      <div className="actions">
        {REPORTS.map((report) => (
          <button
            key={report}
            type="button"
            disabled={busy !== undefined}
            onClick={() => void download(report)}
          >
            {busy === report ? t('csv.preparing') : t(`csv.${report}`)}
          </button>
        ))}
      </div>
      <p className="muted">{t('csv.note')}</p>
      {failure !== undefined && <ErrorState problem={failure} />}
    </section>
  );
}
