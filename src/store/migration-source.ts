// Finds migrations in migrations/ by file name (yyyymmddhhmmss_name.ts), so each change adds a file and edits no index.
import { readdirSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { join } from 'node:path';
import type { Knex } from 'knex';

const dir = fileURLToPath(new URL('../../migrations/', import.meta.url));
const pattern = /^\d{14}_[a-z0-9_]+\.(ts|js)$/;

interface Migration { up(db: Knex): Promise<void>; down(db: Knex): Promise<void> }

export const migrationSource: Knex.MigrationSource<string> = {
  async getMigrations() {
    return readdirSync(dir).filter((f) => pattern.test(f)).sort();
  },
  getMigrationName(name) {
    // Stored without the extension, so a later switch from .ts to compiled .js is the same migration.
    return name.replace(/\.(ts|js)$/, '');
  },
  async getMigration(name): Promise<Migration> {
    return (await import(pathToFileURL(join(dir, name)).href)) as Migration;
  },
};
