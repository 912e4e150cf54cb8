// Stores draft versions of a route per definition key and tenant, numbered 1, 2, … in the order saved.
import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';

export interface Draft { id: string; definitionId: string; definitionKey: string; tenantId: string | null; version: number; createdBy: string | null; createdAt: Date }

interface DraftRow { id: string; definition_id: string; definition_key: string; tenant_id: string | null; version: number; created_by: string | null; created_at: Date | string; xml?: string }

const toDraft = (r: DraftRow): Draft => ({
  id: r.id, definitionId: r.definition_id, definitionKey: r.definition_key, tenantId: r.tenant_id,
  version: Number(r.version), createdBy: r.created_by, createdAt: new Date(r.created_at),
});

export async function saveDraft(db: Knex, input: { definitionId: string; definitionKey: string; tenantId: string | null; xml: string; userId?: string }): Promise<Draft> {
  return db.transaction(async (trx) => {
    const scope = trx('analyst_draft').where({ definition_key: input.definitionKey });
    if (input.tenantId === null) scope.whereNull('tenant_id'); else scope.where({ tenant_id: input.tenantId });
    const last = await scope.max({ v: 'version' }).first();
    const row: DraftRow & { xml: string } = {
      id: randomUUID(), definition_id: input.definitionId, definition_key: input.definitionKey, tenant_id: input.tenantId,
      version: Number(last?.v ?? 0) + 1, xml: input.xml, created_by: input.userId ?? null, created_at: new Date(),
    };
    await trx('analyst_draft').insert(row);
    return toDraft(row);
  });
}

export async function listDrafts(db: Knex, definitionKey: string, tenantIds: string[] | null): Promise<Draft[]> {
  const q = db('analyst_draft').select('id', 'definition_id', 'definition_key', 'tenant_id', 'version', 'created_by', 'created_at')
    .where({ definition_key: definitionKey }).orderBy('version', 'desc');
  if (tenantIds) q.where((w) => { w.whereIn('tenant_id', tenantIds).orWhereNull('tenant_id'); });
  return (await q as DraftRow[]).map(toDraft);
}

export async function draftXml(db: Knex, id: string, tenantIds: string[] | null): Promise<string | null> {
  const q = db('analyst_draft').select('xml').where({ id });
  if (tenantIds) q.where((w) => { w.whereIn('tenant_id', tenantIds).orWhereNull('tenant_id'); });
  const row = await q.first() as { xml: string } | undefined;
  return row?.xml ?? null;
}
