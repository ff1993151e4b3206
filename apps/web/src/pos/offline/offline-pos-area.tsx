/**
 * `/pos` with the offline register around it: the POS area as it is, the status line above it,
 * and the offline till in its place while the backend is out of reach (issue 9).
 */
import PosArea from '../pos-area.tsx';
import { OfflineGate } from './offline-gate.tsx';

export default function OfflinePosArea() {
  return (
    <OfflineGate>
      <PosArea />
    </OfflineGate>
  );
}
