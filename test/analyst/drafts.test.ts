// Drafts of a route: numbered per definition key and tenant in the order saved, readable only within the caller's
// akimats, on SQLite and PostgreSQL.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialects, freshDb, type TestDb } from '../support/databases.js';
import { draftXml, listDrafts, saveDraft } from '../../src/analyst/drafts.js';

describe.each(dialects)('analyst drafts on %s', (dialect) => {
  let t: TestDb;
  beforeAll(async () => { t = await freshDb(dialect); });
  afterAll(async () => { await t?.destroy(); });

  it('numbers drafts per route and akimat and keeps each one’s XML', async () => {
    const base = { definitionKey: 'preschool-queue-provider', xml: '<a/>' };
    const first = await saveDraft(t.db, { ...base, definitionId: 'pq:1', tenantId: 'zhambyl-sko', userId: 'admin' });
    const second = await saveDraft(t.db, { ...base, definitionId: 'pq:1', tenantId: 'zhambyl-sko', xml: '<b/>' });
    const otherAkimat = await saveDraft(t.db, { ...base, definitionId: 'pq:7', tenantId: 'semey' });
    const noTenant = await saveDraft(t.db, { ...base, definitionId: 'pq:9', tenantId: null });
    expect([first.version, second.version, otherAkimat.version, noTenant.version]).toEqual([1, 2, 1, 1]);
    expect(first).toMatchObject({ definitionId: 'pq:1', tenantId: 'zhambyl-sko', createdBy: 'admin' });
    expect(await draftXml(t.db, second.id, null)).toBe('<b/>');
  });

  it('shows a caller only the drafts of their akimats (and those without one)', async () => {
    const mine = await listDrafts(t.db, 'preschool-queue-provider', ['zhambyl-sko']);
    expect(mine[0]).toMatchObject({ tenantId: 'zhambyl-sko', version: 2 });
    expect(mine.map((d) => `${d.tenantId}#${d.version}`).sort()).toEqual(['null#1', 'zhambyl-sko#1', 'zhambyl-sko#2']);
    const all = await listDrafts(t.db, 'preschool-queue-provider', null);
    expect(all).toHaveLength(4);
    const semey = all.find((d) => d.tenantId === 'semey')!;
    expect(await draftXml(t.db, semey.id, ['zhambyl-sko'])).toBeNull();
    expect(await draftXml(t.db, semey.id, ['semey'])).toBe('<a/>');
  });
});
