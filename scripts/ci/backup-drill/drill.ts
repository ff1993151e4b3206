/**
 * The TypeScript half of the backup and restore drill (scripts/ci/check-backup.sh runs it):
 *
 *   drill.ts migrate <server url>                          the services' real migrations
 *   drill.ts write   <server url> <ledger.json> <phase>    one phase of rows, noted in the ledger
 *   drill.ts verify  <server url> <ledger.json> <phases> [database suffix]
 *                                                          exactly the rows of those phases, and the invariants
 *
 * <server url> is any database of the drill's own cluster (postgres://…/postgres); the services'
 * databases are `comptoir_<service>` there, as in production. Exits 1 on any problem.
 */
import { catalog } from '@comptoir/catalog';
import { identity } from '@comptoir/identity';
import { inventory } from '@comptoir/inventory';
import { notifications } from '@comptoir/notifications';
import { ordering } from '@comptoir/ordering';
import { payments } from '@comptoir/payments';
import { migrateService } from '@comptoir/platform';
import { stores } from '@comptoir/stores';
import { connect } from './databases.ts';
import { expectedAfter, readLedger, writeLedger } from './ledger.ts';
import { startServices } from './services.ts';
import { verify } from './verify.ts';
import { writePhase } from './write-phase.ts';

const [command, url, ...rest] = process.argv.slice(2);
if (!command || !url) {
  console.error('usage: drill.ts migrate|write|verify <server url> …');
  process.exit(2);
}

if (command === 'migrate') {
  // Every service with a database: the dumps then cover as many databases as production has.
  for (const definition of [catalog, identity, inventory, stores, ordering, payments, notifications]) {
    const applied = await migrateService(definition, {
      env: { COMPTOIR_DATABASE_URL: url, LOG_LEVEL: 'silent' },
    });
    console.log(`  ${definition.name.padEnd(14)} migrated: ${JSON.stringify(applied)}`);
  }
} else if (command === 'write') {
  const [ledgerPath, phase] = rest;
  if (!ledgerPath || !phase) throw new Error('write needs <ledger.json> <phase>');
  const dbs = await connect(url);
  const services = await startServices(url);
  try {
    const record = await writePhase(dbs, services, { receipts: 2, sales: 8, onlineOrders: 3 });
    const ledger = readLedger(ledgerPath);
    ledger[phase] = record;
    writeLedger(ledgerPath, ledger);
    console.log(
      `  phase ${phase}: ${record.movement.length} movements, ${record.orders.length} POS sales, ` +
        `${record.onlineOrder.length} online orders, ${record.payment.length} payments`,
    );
  } finally {
    await services.close();
    await dbs.close();
  }
} else if (command === 'verify') {
  const [ledgerPath, phases, suffix = ''] = rest;
  if (!ledgerPath || !phases) throw new Error('verify needs <ledger.json> <phases, comma-separated>');
  const names = phases.split(',');
  const dbs = await connect(url, suffix);
  try {
    const problems = await verify(
      dbs,
      expectedAfter(readLedger(ledgerPath), names),
      `${suffix ? `databases *${suffix}` : 'cluster'} at ${url.replace(/\/[^/]*$/, '')}: phases ${names.join(', ')}`,
    );
    if (problems.length > 0) {
      console.error(`${problems.length} problem(s):`);
      for (const problem of problems) console.error(`  - ${problem}`);
      process.exitCode = 1;
    }
  } finally {
    await dbs.close();
  }
} else {
  console.error(`unknown command ${command}`);
  process.exit(2);
}
