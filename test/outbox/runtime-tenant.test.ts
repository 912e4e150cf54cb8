// A tenant that appears while the server runs: its first status event creates its cabinet subscription, so the
// applicant sees «Уведомления» without a restart; two nodes racing create one; a deactivated cabinet stays off.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOutboxDispatcher, deleteSubscription, ensureCabinetSubscriptions, listSubscriptions } from '../../src/outbox/index.js';
import { registerRequest } from '../../src/registry/index.js';
import { dialects, freshDb, type TestDb } from '../support/databases.js';

describe.each(dialects)('cabinet of a runtime tenant on %s', (dialect) => {
  let t: TestDb;
  beforeAll(async () => { t = await freshDb(dialect); });
  afterAll(async () => { await t?.destroy(); });

  it('the first event of a tenant with no subscriptions reaches its cabinet', async () => {
    const tenantId = `runtime-${dialect}-1`;
    expect(await listSubscriptions(t.db, [tenantId])).toEqual([]);
    const r = await registerRequest(t.db, { tenantId, service: 'guardianship-certificate', processInstanceId: `${tenantId}-a` });
    await createOutboxDispatcher({ db: t.db }).runOnce();
    const notes = await t.db('outbox_cabinet_notification').where({ request_number: r.number });
    expect(notes.map((n) => n.text)).toEqual([`Заявление № ${r.number}: статус «поступившие»`]);
    expect((await listSubscriptions(t.db, [tenantId])).map((s) => s.system)).toEqual(['cabinet']);
  });

  it('concurrent first events and a start-up ensure leave one cabinet', async () => {
    const tenantId = `runtime-${dialect}-2`;
    await Promise.all([
      registerRequest(t.db, { tenantId, service: 'guardianship-certificate', processInstanceId: `${tenantId}-a` }),
      registerRequest(t.db, { tenantId, service: 'guardianship-certificate', processInstanceId: `${tenantId}-b` }),
      ensureCabinetSubscriptions(t.db, [tenantId]),
    ]);
    expect(await listSubscriptions(t.db, [tenantId])).toHaveLength(1);
  });

  it('a cabinet an administrator deleted is not recreated by later events', async () => {
    const tenantId = `runtime-${dialect}-3`;
    await registerRequest(t.db, { tenantId, service: 'guardianship-certificate', processInstanceId: `${tenantId}-a` });
    const [cabinet] = await listSubscriptions(t.db, [tenantId]);
    await deleteSubscription(t.db, cabinet.id, [tenantId]);
    await registerRequest(t.db, { tenantId, service: 'guardianship-certificate', processInstanceId: `${tenantId}-b` });
    expect(await listSubscriptions(t.db, [tenantId])).toEqual([]);
  });
});
