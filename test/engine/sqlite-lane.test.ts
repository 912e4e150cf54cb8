// The SQLite lane: group commit that keeps every batch's own outcome, hand-off to knex, and ordering.
import { readdirSync, readlinkSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import knex, { type Knex } from 'knex';
import { SqliteLane } from '../../src/store/sqlite-lane.js';
import { freshDb, type TestDb } from '../support/databases.js';

const insert = (id: string, value = 'x') => `INSERT INTO lane_probe (id, value) VALUES ('${id}', '${value}')`;
// the same failure the host's revision check raises
const failing = "SELECT CASE WHEN 1 THEN json('rev conflict') END";

describe('SqliteLane', () => {
  let t: TestDb;
  let db: Knex;
  beforeEach(async () => {
    t = await freshDb('sqlite', false);
    db = t.db;
    await db.schema.createTable('lane_probe', (tb) => { tb.string('id').primary(); tb.string('value'); });
  });
  afterEach(async () => { await t.destroy(); });

  const ids = async () => (await db('lane_probe').orderBy('id').select('id')).map((r) => r.id as string);

  it('writes batches queued together in one transaction, each resolved after the commit', async () => {
    const lane = new SqliteLane(db);
    await Promise.all(['a', 'b', 'c', 'd'].map((id) => lane.commit([insert(id)])));
    expect(lane.stats.batches).toBe(4);
    expect(lane.stats.groups).toBeLessThan(4);
    // another connection to the same file sees every row: the commits were durable when the promises resolved
    const other = knex({ client: 'sqlite3', connection: { filename: t.config.sqliteFile! }, useNullAsDefault: true });
    try {
      expect((await other('lane_probe').orderBy('id').select('id')).map((r) => r.id)).toEqual(['a', 'b', 'c', 'd']);
    } finally { await other.destroy(); }
  });

  it('a failing batch in a group fails alone: the others commit, nothing of it stays', async () => {
    const lane = new SqliteLane(db);
    const results = await Promise.allSettled([
      lane.commit([insert('a')]),
      lane.commit([insert('b'), failing]),
      lane.commit([insert('c')]),
      lane.commit([insert('a', 'again')]), // duplicate key: fails too, after 'a' committed
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled', 'rejected']);
    expect(String((results[1] as PromiseRejectedResult).reason.message)).toMatch(/malformed JSON/);
    expect(String((results[3] as PromiseRejectedResult).reason.message)).toMatch(/UNIQUE/);
    expect(await ids()).toEqual(['a', 'c']);
    expect(lane.stats.retriedAlone).toBeGreaterThan(0);
    // no transaction was left open on the connection: knex can run its own
    await db.transaction(async (trx) => { await trx('lane_probe').insert({ id: 'k', value: 'knex' }); });
    expect(await ids()).toEqual(['a', 'c', 'k']);
  });

  it('reads see the commits queued before them', async () => {
    const lane = new SqliteLane(db);
    const w = lane.commit([insert('a')]);
    const r = lane.all('SELECT id FROM lane_probe WHERE id = ?', ['a']);
    await w;
    expect(await r).toEqual([{ id: 'a' }]);
    expect(await lane.query(db('lane_probe').where('id', 'zzz').select('id'))).toEqual([]);
  });

  it('keeps prepared statements: results stay right past the cache size, a bad statement fails alone', async () => {
    const lane = new SqliteLane(db, { statementCacheSize: 2 });
    await db('lane_probe').insert([{ id: 'a', value: '1' }, { id: 'b', value: '2' }, { id: 'c', value: '3' }]);
    const read = (col: string, id: string) => lane.all(`SELECT ${col} AS v FROM lane_probe WHERE id = ?`, [id]);
    for (let round = 0; round < 3; round++) {
      expect(await read('value', 'a')).toEqual([{ v: '1' }]);
      expect(await read('id', 'b')).toEqual([{ v: 'b' }]);
      expect(await read('value || id', 'c')).toEqual([{ v: '3c' }]);
    }
    const [bad, good] = await Promise.allSettled([lane.all('SELEC nonsense'), read('value', 'b')]);
    expect(bad.status).toBe('rejected');
    expect(String((bad as PromiseRejectedResult).reason.message)).toMatch(/syntax error/);
    expect(good).toEqual({ status: 'fulfilled', value: [{ v: '2' }] });
  });

  it('gives the connection to a waiting knex query instead of starving it', async () => {
    const lane = new SqliteLane(db, { maxHold: 4 });
    let stop = false;
    let laneOps = 0;
    // a lane that never runs dry: each finished read queues the next
    const pump = async () => { while (!stop) { await lane.all('SELECT 1 AS one'); laneOps++; } };
    const pumps = [pump(), pump()];
    await lane.all('SELECT 1');
    const started = laneOps;
    await db('lane_probe').insert({ id: 'knex', value: 'waited' });
    const during = laneOps - started;
    stop = true;
    await Promise.all(pumps);
    expect(await ids()).toEqual(['knex']);
    expect(during).toBeLessThan(50);
  });

  it('closes its connection on destroy although statements were kept prepared', async () => {
    const file = t.config.sqliteFile!;
    const handles = () => readdirSync('/proc/self/fd').filter((fd) => { try { return readlinkSync(`/proc/self/fd/${fd}`).startsWith(file); } catch { return false; } }).length;
    const lane = new SqliteLane(db);
    expect(await lane.all('SELECT count(*) AS n FROM lane_probe')).toEqual([{ n: 0 }]);
    expect(handles()).toBeGreaterThan(0);
    await db.destroy();
    expect(handles()).toBe(0);
    t = { ...t, destroy: async () => undefined };
  });

  it('rejects every queued operation when the connection cannot be had', async () => {
    const lane = new SqliteLane(db);
    await db.destroy();
    await expect(lane.commit([insert('a')])).rejects.toThrow();
    t = { ...t, destroy: async () => undefined };
  });
});
