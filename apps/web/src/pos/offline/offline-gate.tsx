import { type ReactNode, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { RegisterSnapshot } from './device-db.ts';
import { OfflineTill } from './offline-till.tsx';
import { useRegisterStatus } from './register-status.ts';
import { savedSnapshot } from './snapshot.ts';
import { StatusLine } from './status-line.tsx';
import { chosenRegisterId, startSyncEngine } from './sync-engine.ts';
import './offline.css';

/**
 * Puts the register's status line above the POS screens and, while the backend is out of reach,
 * the offline till in their place — for the register this device was set to, if the device knows
 * its open session. Online again, the usual screens come back once the sale under way is done.
 */
export function OfflineGate({ children }: { children: ReactNode }) {
  const { t } = useTranslation('offline');
  const status = useRegisterStatus();
  const [snapshot, setSnapshot] = useState<RegisterSnapshot>();
  const [busy, setBusy] = useState(false);
  const registerId = chosenRegisterId();

  useEffect(() => startSyncEngine(), []);
  // biome-ignore lint/correctness/useExhaustiveDependencies: the link and refresh say when IndexedDB changed
  useEffect(() => {
    if (!registerId) return setSnapshot(undefined);
    let live = true;
    void savedSnapshot(registerId).then((found) => live && setSnapshot(found));
    return () => {
      live = false;
    };
  }, [registerId, status.refreshedAt, status.link]);

  const offline = status.link === 'offline' || busy;
  let screen: ReactNode = children;
  if (offline && snapshot?.session) screen = <OfflineTill snapshot={snapshot} onBusy={setBusy} />;
  else if (offline && snapshot)
    screen = (
      <>
        <p role="alert" className="offline-no-session">
          {t('till.noSession')}
        </p>
        {children}
      </>
    );
  return (
    <>
      <StatusLine />
      {screen}
    </>
  );
}
