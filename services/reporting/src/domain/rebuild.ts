import type { Principal } from '@comptoir/platform';
import { isHeadOffice } from './access.ts';
import { reportsForbidden } from './errors.ts';
import type { LoggedEvent, Projections, Rebuilder } from './ports.ts';

/**
 * Throws the read models away and folds every logged event into them again, with today's fold:
 * after a fix to how a figure is counted, or to check that the live models never drifted (the
 * figures before and after must be equal). Head office only.
 */
export async function rebuildReadModels(
  actor: Principal,
  rebuilder: Rebuilder,
  fold: (event: LoggedEvent, projections: Projections) => Promise<void>,
  now = () => new Date(),
): Promise<{ events: number; rebuiltAt: string }> {
  if (!isHeadOffice(actor)) throw reportsForbidden();
  const { events } = await rebuilder.rebuild(fold);
  return { events, rebuiltAt: now().toISOString() };
}
