/** `npm run seed [gatewayUrl]`: seeds a running platform's demo data (once). */
import { demoAccountLines, seed } from './seed/seed.ts';

const url = process.argv[2] ?? 'http://localhost:8080';
const result = await seed(url);
console.log(
  result.products > 0
    ? `Seeded ${result.products} products in ${result.categories} categories, ${result.stores} stores, ${result.createdUsers} accounts.`
    : `Catalog already present; ${result.stores} stores and ${result.createdUsers} accounts created.`,
);
console.log(demoAccountLines().join('\n'));
