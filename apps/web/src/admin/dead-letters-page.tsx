/**
 * Dead letters of every service: the queues with their depth, one queue's parked events with the
 * last error, replaying one or all of them, and discarding one that will never succeed (after a
 * confirmation: it cannot be undone).
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useLoad } from '../lib/use-load.ts';
import { Loaded } from '../ui/states.tsx';
import { ActionOutcome, useAction } from './action.tsx';
import {
  type DeadLetter,
  discardOne,
  listDeadLetters,
  listQueues,
  type QueueSummary,
  replayAll,
  replayOne,
  SERVICES,
} from './dead-letters-api.ts';

export function DeadLettersPage() {
  const { t } = useTranslation('admin');
  const [chosen, setChosen] = useState<{ service: string; queue: string } | undefined>();
  const load = useLoad(
    () =>
      // One service down must not hide the others' queues: each answers (or fails) on its own.
      Promise.all(
        SERVICES.map(async (service) => {
          try {
            return { service, queues: (await listQueues(service)).items, failed: false };
          } catch {
            return { service, queues: [] as QueueSummary[], failed: true };
          }
        }),
      ),
    [],
  );
  return (
    <section className="panel" aria-labelledby="dead-title">
      <h1 id="dead-title">{t('dead.title')}</h1>
      <Loaded load={load}>
        {(services) => (
          <table>
            <caption className="visually-hidden">{t('dead.queues')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('dead.queue')}</th>
                <th scope="col" className="number">
                  {t('dead.ready')}
                </th>
                <th scope="col" className="number">
                  {t('dead.retrying')}
                </th>
                <th scope="col" className="number">
                  {t('dead.dead')}
                </th>
              </tr>
            </thead>
            <tbody>
              {services.flatMap(({ service, queues, failed }) => [
                ...(failed
                  ? [
                      <tr key={service}>
                        <td colSpan={4}>{t('dead.serviceFailed', { service })}</td>
                      </tr>,
                    ]
                  : []),
                ...queues.map((queue) => (
                  <tr key={queue.queue}>
                    <td>
                      <button
                        type="button"
                        className="link"
                        onClick={() => setChosen({ service, queue: queue.queue })}
                      >
                        {queue.queue}
                      </button>
                    </td>
                    <td className="number">{queue.ready}</td>
                    <td className="number">{queue.retrying}</td>
                    <td className="number">{queue.dead}</td>
                  </tr>
                )),
              ])}
            </tbody>
          </table>
        )}
      </Loaded>
      {chosen && <QueueLetters key={chosen.queue} {...chosen} onChanged={load.reload} />}
    </section>
  );
}

function QueueLetters({ service, queue, onChanged }: { service: string; queue: string; onChanged(): void }) {
  const { t, i18n } = useTranslation('admin');
  const load = useLoad(() => listDeadLetters(service, queue), [service, queue]);
  const action = useAction();
  const settle = (work: () => Promise<string>) =>
    void action.run(work).then((ok) => {
      if (!ok) return;
      load.reload();
      onChanged();
    });
  const replay = (work: () => Promise<{ replayed: number }>) =>
    settle(async () => t('dead.replayed', { count: (await work()).replayed }));
  const discard = (letter: DeadLetter) => {
    if (!window.confirm(t('dead.discardConfirm', { type: letter.event.type, id: letter.event.id }))) return;
    settle(async () => {
      await discardOne(service, queue, letter.event.id);
      return t('dead.discarded', { id: letter.event.id });
    });
  };
  return (
    <div>
      <h2 id="letters-title">{t('dead.lettersOf', { queue })}</h2>
      <Loaded load={load} isEmpty={(page) => page.items.length === 0} empty={t('dead.empty')}>
        {(page) => (
          <>
            <button
              type="button"
              disabled={action.busy}
              onClick={() => replay(() => replayAll(service, queue))}
            >
              {t('dead.replayAll', { count: page.total })}
            </button>
            <table aria-labelledby="letters-title">
              <thead>
                <tr>
                  <th scope="col">{t('dead.event')}</th>
                  <th scope="col">{t('dead.error')}</th>
                  <th scope="col">{t('dead.when')}</th>
                  <th scope="col">
                    <span className="visually-hidden">{t('dead.actions')}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {page.items.map((letter) => (
                  <tr key={letter.event.id}>
                    <td>
                      {letter.event.type}
                      <br />
                      <code>{letter.event.id}</code>
                    </td>
                    <td>
                      {letter.error} ({t('dead.attempts', { count: letter.attempts })})
                    </td>
                    <td>{new Date(letter.deadAt).toLocaleString(i18n.language)}</td>
                    <td>
                      <button
                        type="button"
                        disabled={action.busy}
                        onClick={() => replay(() => replayOne(service, queue, letter.event.id))}
                      >
                        {t('dead.replay')}
                      </button>{' '}
                      <button
                        type="button"
                        className="danger"
                        disabled={action.busy}
                        onClick={() => discard(letter)}
                      >
                        {t('dead.discard')}
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </>
        )}
      </Loaded>
      <ActionOutcome state={action.state} />
    </div>
  );
}
