/** `npm run seed [gatewayUrl]`: seeds a running platform's demo data (once). */
import { seed } from './seed/seed.ts';

const url = process.argv[2] ?? 'http://localhost:8080';
const result = await seed(url);
console.log(
  result.created
    ? `Seeded ${result.products} products in ${result.categories} categories.`
    : 'Demo data already present.',
);
