import type { Logger, Queryable } from '@comptoir/platform';
import { ledgerWriter } from '../data/ledger.repository.ts';
import { recordReturn } from '../domain/ledger.ts';
import { returnOf } from './payload.ts';

/** `sale.returned`: the refund counts against a drawer — the named one, else the sale's (see domain/ledger.ts). */
export async function onSaleReturned(data: unknown, tx: Queryable, log: Logger): Promise<void> {
  const entry = returnOf(data);
  const outcome = await recordReturn(ledgerWriter(tx), entry);
  if (outcome === 'no_drawer') {
    log.info(
      { returnId: entry.returnId, saleId: entry.saleId },
      'return of a sale with no known session: kept, counted in no drawer until its sale is known',
    );
  } else if (outcome === 'recorded_late') {
    log.info({ returnId: entry.returnId }, 'return recorded after its session closed');
  }
}
