// Queue numbers: atomic, no duplicates and no gaps under 1,000 concurrent registrations on each dialect;
// positions derived when earlier entries leave; every change in the history.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  assignQueueNumber, leaveQueue, positionOf, queueHistory, restoreQueueEntry,
} from '../../src/registry/index.js';
import { dialects, freshDb, type TestDb } from '../support/databases.js';

describe.each(dialects)('queues on %s', (dialect) => {
  let t: TestDb;
  beforeAll(async () => { t = await freshDb(dialect); });
  afterAll(async () => { await t?.destroy(); });

  it('1,000 concurrent registrations get 1..1000 exactly once, per group', async () => {
    const started = Date.now();
    const results = await Promise.all(Array.from({ length: 1000 }, (_, i) => assignQueueNumber(t.db, {
      tenantId: 'zhambyl-sko', queue: 'preschool', childBirthDate: i % 2 ? '2021-05-01' : '2022-02-02', processInstanceId: `pi-${i}`,
    })));
    const elapsed = Date.now() - started;
    for (const year of ['2021', '2022']) {
      const numbers = results.filter((r) => r.group === year).map((r) => r.number).sort((a, b) => a - b);
      expect(numbers).toEqual(Array.from({ length: 500 }, (_, i) => i + 1));
    }
    expect(results.every((r) => r.created)).toBe(true);
    // Other akimats and groups start at 1 of their own.
    const other = await assignQueueNumber(t.db, { tenantId: 'kyzylzhar', queue: 'preschool', childBirthDate: '2021-05-01', processInstanceId: 'pi-k' });
    expect(other.number).toBe(1);
    console.info(`[measure] ${dialect}: 1000 concurrent queue registrations in ${elapsed} ms`);
  }, 90_000);

  it('a retried assignment for the same instance returns the same entry, even concurrently', async () => {
    const input = { tenantId: 'semey', queue: 'housing' as const, housingCategory: 'socially-protected', processInstanceId: 'pi-retry' };
    const [a, b, c] = await Promise.all([assignQueueNumber(t.db, input), assignQueueNumber(t.db, input), assignQueueNumber(t.db, input)]);
    expect(new Set([a.id, b.id, c.id]).size).toBe(1);
    expect([a, b, c].filter((r) => r.created)).toHaveLength(1);
    const next = await assignQueueNumber(t.db, { ...input, processInstanceId: 'pi-next' });
    expect(next.number).toBe(a.number + 1);
  });

  it('derives the position when earlier entries leave, and keeps the history', async () => {
    const mk = (i: number) => assignQueueNumber(t.db, { tenantId: 'semey', queue: 'housing', housingCategory: 'public-servants', processInstanceId: `o-${i}` });
    const e1 = await mk(1); const e2 = await mk(2); const e3 = await mk(3);
    expect([e1.position, e2.position, e3.position]).toEqual([1, 2, 3]);
    await leaveQueue(t.db, e1.id, 'housing-provided', 'specialist-1');
    expect(await positionOf(t.db, e3.id)).toBe(2);
    expect(await positionOf(t.db, e1.id)).toBeNull();
    await expect(leaveQueue(t.db, e1.id, 'again')).rejects.toThrow(/already left/);
    await restoreQueueEntry(t.db, e1.id, 'specialist-1');
    expect(await positionOf(t.db, e3.id)).toBe(3);
    expect((await queueHistory(t.db, e1.id)).map((h) => h.event)).toEqual(['registered', 'left', 'restored']);
    // Numbers are never reused after a departure.
    expect((await mk(4)).number).toBe(4);
  });

  it('rejects bad input with a clear reason', async () => {
    await expect(assignQueueNumber(t.db, { tenantId: 'semey', queue: 'preschool', childBirthDate: 'soon', processInstanceId: 'x1' })).rejects.toThrow(/childBirthDate/);
    await expect(assignQueueNumber(t.db, { tenantId: 'semey', queue: 'preschool', childBirthDate: '2001-01-01', processInstanceId: 'x2' })).rejects.toThrow(/до 7 лет/);
    await expect(assignQueueNumber(t.db, { tenantId: 'semey', queue: 'housing', housingCategory: 'DROP TABLE', processInstanceId: 'x3' })).rejects.toThrow(/housingCategory/);
  });
});
