/**
 * Dead letters of every service: the queues with their depth, one queue's parked events with the
 * last error, and replaying one or all of them. (The kit has no "discard": a dead letter leaves
 * only by being replayed.)
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useLoad } from '../lib/use-load.ts';
import { Loaded } from '../ui/states.tsx';
import { ActionOutcome, useAction } from './action.tsx';
import {
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
      {chosen && <QueueLetters key={chosen.queue} {...chosen} onReplayed={load.reload} />}
    </section>
  );
}

function QueueLetters({
  service,
  queue,
  onReplayed,
}: {
  service: string;
  queue: string;
  onReplayed(): void;
}) {
  const { t, i18n } = useTranslation('admin');
  const load = useLoad(() => listDeadLetters(service, queue), [service, queue]);
  const action = useAction();
  const replay = (work: () => Promise<{ replayed: number }>) =>
    void action
      .run(async () => t('dead.replayed', { count: (await work()).replayed }))
      .then((ok) => {
        if (!ok) return;
        load.reload();
        onReplayed();
      });
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
                    <span className="visually-hidden">{t('dead.replay')}</span>
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
