import type { Logger, Queryable } from '@comptoir/platform';
import { ledgerWriter } from '../data/ledger.repository.ts';
import { recordSale } from '../domain/ledger.ts';
import { saleOf } from './payload.ts';

/** `sale.completed`: the sale joins its cash session's ledger, once. */
export async function onSaleCompleted(data: unknown, tx: Queryable, log: Logger): Promise<void> {
  const sale = saleOf(data);
  const outcome = await recordSale(ledgerWriter(tx), sale);
  if (outcome === 'unknown_session') {
    log.warn(
      { saleId: sale.saleId, sessionId: sale.sessionId },
      'sale of an unknown cash session: not recorded',
    );
  } else if (outcome === 'recorded_late') {
    log.info({ saleId: sale.saleId, sessionId: sale.sessionId }, 'sale recorded after its session closed');
  }
}
