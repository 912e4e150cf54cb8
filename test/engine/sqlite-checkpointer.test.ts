// Background WAL checkpoints: pages reach the database file without a commit paying for it, and the checkpointer
// stops with the knex instance.
import { statSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { AUTOCHECKPOINT_PAGES, startCheckpointer } from '../../src/store/sqlite-checkpointer.js';
import { freshDb } from '../support/databases.js';

describe('SQLite background checkpoints', () => {
  it('copies committed pages into the database file while the WAL is below the automatic limit', async () => {
    const t = await freshDb('sqlite', false);
    try {
      const file = t.config.sqliteFile!;
      await t.db.schema.createTable('cp_probe', (tb) => { tb.increments('id'); tb.text('body'); });
      const before = statSync(file).size;
      const body = 'x'.repeat(3000);
      for (let i = 0; i < 400; i++) await t.db('cp_probe').insert({ body: `${body}${i}` }); // ~400 pages, far below the limit
      expect(400).toBeLessThan(AUTOCHECKPOINT_PAGES);
      const deadline = Date.now() + 5000;
      while (statSync(file).size < before + 400 * 3000 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      expect(statSync(file).size).toBeGreaterThan(before + 400 * 3000);
      expect(await t.db('cp_probe').count({ c: '*' }).first()).toEqual({ c: 400 });
    } finally {
      await t.destroy();
    }
  });

  it('starts checkpointing once a file that did not exist yet is created', async () => {
    const { mkdtempSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const { openDb } = await import('../../src/store/db.js');
    const file = join(mkdtempSync(join(tmpdir(), 'reglament-cp-')), 'late.sqlite');
    const cp = startCheckpointer(file, 20);
    await new Promise((r) => setTimeout(r, 100)); // a few failed ticks: no file yet
    const db = openDb({ sqliteFile: file });
    try {
      await db.schema.createTable('cp_probe', (tb) => { tb.increments('id'); tb.text('body'); });
      for (let i = 0; i < 200; i++) await db('cp_probe').insert({ body: 'z'.repeat(3000) });
      const before = statSync(file).size;
      const deadline = Date.now() + 5000;
      while (statSync(file).size <= before && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      expect(statSync(file).size).toBeGreaterThan(before);
    } finally {
      await cp.stop();
      await db.destroy();
    }
  });

  it('reports what a checkpoint did and stops cleanly', async () => {
    const t = await freshDb('sqlite', false);
    const cp = startCheckpointer(t.config.sqliteFile!, 60_000);
    try {
      await t.db.schema.createTable('cp_probe', (tb) => { tb.increments('id'); tb.text('body'); });
      for (let i = 0; i < 20; i++) await t.db('cp_probe').insert({ body: 'y'.repeat(5000) });
      const [busy, log, done] = await cp.checkpoint();
      expect(busy).toBe(0);
      expect(log).toBeGreaterThan(0);
      expect(done).toBe(log);
    } finally {
      await cp.stop();
      await t.destroy();
    }
    await expect(cp.stop()).resolves.toBeUndefined();
  });
});
