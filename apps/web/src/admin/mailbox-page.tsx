/**
 * The dev mailbox: with no SMTP server configured, notifications keeps every email it would have
 * sent; this reads them (the text part — the HTML part would need inline styles the CSP refuses).
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { call } from '../lib/api.ts';
import { useLoad } from '../lib/use-load.ts';
import { Loaded } from '../ui/states.tsx';
import { fieldsOf } from './forms.ts';

export function MailboxPage() {
  const { t, i18n } = useTranslation('admin');
  const [to, setTo] = useState('');
  const [open, setOpen] = useState<string | undefined>();
  const load = useLoad(
    () =>
      call((api) =>
        api.GET('/api/notifications/mailbox', { params: { query: { limit: 50, ...(to ? { to } : {}) } } }),
      ),
    [to],
  );
  return (
    <section className="panel" aria-labelledby="mailbox-title">
      <h1 id="mailbox-title">{t('mailbox.title')}</h1>
      <form className="toolbar" onSubmit={(event) => setTo(fieldsOf(event).to ?? '')}>
        <label>
          {t('mailbox.to')}
          <input name="to" type="search" defaultValue={to} />
        </label>
        <button type="submit">{t('products.searchButton')}</button>
      </form>
      <Loaded load={load} isEmpty={(page) => page.items.length === 0} empty={t('mailbox.empty')}>
        {(page) => (
          <table>
            <caption className="visually-hidden">{t('mailbox.title')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('mailbox.when')}</th>
                <th scope="col">{t('mailbox.to')}</th>
                <th scope="col">{t('mailbox.subject')}</th>
                <th scope="col">{t('mailbox.status')}</th>
              </tr>
            </thead>
            <tbody>
              {page.items.map((mail) => (
                <tr key={mail.id}>
                  <td>{new Date(mail.createdAt).toLocaleString(i18n.language)}</td>
                  <td>{mail.to}</td>
                  <td>
                    <button type="button" className="link" onClick={() => setOpen(mail.id)}>
                      {mail.subject}
                    </button>
                  </td>
                  <td>{t(`mailbox.statuses.${mail.status}`)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Loaded>
      {open && <Email key={open} id={open} />}
    </section>
  );
}

function Email({ id }: { id: string }) {
  const { t } = useTranslation('admin');
  const load = useLoad(
    () => call((api) => api.GET('/api/notifications/mailbox/{id}', { params: { path: { id } } })),
    [id],
  );
  return (
    <article aria-labelledby="mail-title">
      <Loaded load={load}>
        {(mail) => (
          <>
            <h2 id="mail-title">{mail.subject}</h2>
            <p className="muted">{t('mailbox.sentTo', { to: mail.to })}</p>
            <pre className="mail-body">{mail.text}</pre>
          </>
        )}
      </Loaded>
    </article>
  );
}
