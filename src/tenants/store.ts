// Tenant profiles in the database: one JSON document per tenant with a revision; SQLite keeps it as text.
import type { Knex } from 'knex';
import { OptimisticLockingError } from '../errors.js';
import type { TenantProfile } from './profile.js';

export interface StoredProfile { profile: TenantProfile; revision: number; updatedAt: string }

export async function readProfile(db: Knex | Knex.Transaction, tenantId: string): Promise<StoredProfile | null> {
  const row = await db('tenant_profile').where({ tenant_id: tenantId }).first();
  if (!row) return null;
  const profile = (typeof row.profile === 'string' ? JSON.parse(row.profile) : row.profile) as TenantProfile;
  return { profile, revision: Number(row.revision), updatedAt: new Date(Number(row.updated_at)).toISOString() };
}

/** Stores the profile when it differs from the stored one; returns the revision and whether it changed. */
export async function writeProfile(trx: Knex.Transaction, profile: TenantProfile, by: string | null, now: number): Promise<{ revision: number; previous: number | null; changed: boolean }> {
  const old = await readProfile(trx, profile.id);
  if (old && canonical(old.profile) === canonical(profile)) return { revision: old.revision, previous: old.revision, changed: false };
  const revision = (old?.revision ?? 0) + 1;
  const row = { profile: JSON.stringify(profile), revision, updated_at: now, updated_by: by };
  if (old) {
    const n = await trx('tenant_profile').where({ tenant_id: profile.id, revision: old.revision }).update(row);
    if (n !== 1) throw new OptimisticLockingError(`Tenant profile '${profile.id}' was changed by another apply (revision ${old.revision})`);
  } else {
    await trx('tenant_profile').insert({ tenant_id: profile.id, ...row });
  }
  return { revision, previous: old?.revision ?? null, changed: true };
}

/** Key order does not make two profiles different (PostgreSQL's json keeps the text; a client may reorder keys). */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) => (v && typeof v === 'object' && !Array.isArray(v)
    ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
    : v));
}
