import { readdir, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { Migration } from './types.ts';

const FILE_NAME = /^(\d{3,})_([a-z0-9][a-z0-9_-]*)\.sql$/;

/**
 * Reads the `NNN_name.sql` files of a folder, in version order. Other files (a README) are
 * ignored, but a `.sql` file with a bad name or a version used twice is an error, not a skip.
 * @example const migrations = await loadMigrations(new URL('./migrations/', import.meta.url));
 */
export async function loadMigrations(dir: string | URL): Promise<Migration[]> {
  const path = dir instanceof URL ? fileURLToPath(dir) : dir;
  const files = (await readdir(path)).filter((file) => file.endsWith('.sql')).sort();
  const byVersion = new Map<number, string>();
  const migrations: Migration[] = [];
  for (const file of files) {
    const match = FILE_NAME.exec(file);
    if (!match?.[1] || !match[2]) {
      throw new Error(
        `Migration file "${file}" in ${path} is not named NNN_name.sql (e.g. 001_create_product.sql)`,
      );
    }
    const version = Number(match[1]);
    const clash = byVersion.get(version);
    if (clash) {
      throw new Error(`Migration files "${clash}" and "${file}" in ${path} share version ${version}`);
    }
    byVersion.set(version, file);
    migrations.push({ version, name: match[2], sql: await readFile(`${path}/${file}`, 'utf8') });
  }
  return migrations.sort((a, b) => a.version - b.version);
}
