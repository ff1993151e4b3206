import { existsSync, readFileSync, writeFileSync } from 'node:fs';

/**
 * What the drill wrote, phase by phase, kept outside the database: the truth a restore is
 * compared with. Ids per table; stock as the quantities moved per `sku@location`.
 */
export interface PhaseRecord {
  movement: string[];
  orders: string[];
  orderLines: number;
  onlineOrder: string[];
  payment: string[];
  stock: Record<string, number>;
}

export type Ledger = Record<string, PhaseRecord>;

export const emptyPhase = (): PhaseRecord => ({
  movement: [],
  orders: [],
  orderLines: 0,
  onlineOrder: [],
  payment: [],
  stock: {},
});

export function readLedger(path: string): Ledger {
  return existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as Ledger) : {};
}

export function writeLedger(path: string, ledger: Ledger): void {
  writeFileSync(path, `${JSON.stringify(ledger, null, 2)}\n`);
}

/** The rows that must exist once the phases named are in and no other. */
export function expectedAfter(ledger: Ledger, phases: readonly string[]): PhaseRecord {
  const total = emptyPhase();
  for (const phase of phases) {
    const record = ledger[phase];
    if (!record) throw new Error(`the ledger has no phase ${phase}`);
    total.movement.push(...record.movement);
    total.orders.push(...record.orders);
    total.orderLines += record.orderLines;
    total.onlineOrder.push(...record.onlineOrder);
    total.payment.push(...record.payment);
    for (const [key, quantity] of Object.entries(record.stock)) {
      total.stock[key] = (total.stock[key] ?? 0) + quantity;
    }
  }
  return total;
}
