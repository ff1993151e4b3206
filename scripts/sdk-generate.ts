/**
 * `npm run sdk:generate`: regenerates packages/sdk (openapi.json + src/schema.d.ts) from the
 * merged OpenAPI document the gateway serves. Run it after changing any service's routes or
 * schemas; tests/sdk-drift.test.ts fails until you do.
 */
import { writeFile } from 'node:fs/promises';
import { DOCUMENT_FILE, fetchMergedDocument, renderSdk, SCHEMA_FILE } from './sdk/merged-document.ts';

const { json, schema } = await renderSdk(await fetchMergedDocument());
await writeFile(DOCUMENT_FILE, json);
await writeFile(SCHEMA_FILE, schema);
const paths = Object.keys((JSON.parse(json) as { paths: object }).paths).length;
process.stdout.write(
  `SDK regenerated: ${paths} paths → packages/sdk/openapi.json, packages/sdk/src/schema.d.ts\n`,
);
process.exit(0);
