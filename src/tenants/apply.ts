// `tenant apply`: brings the database to what a tenant file says — the tenant, its profile, staff users with their
// IINs, roles and groups, the workers' membership, the archive mode, the status subscribers — in one transaction, so
// a refused file leaves nothing behind. Applying the same file again changes nothing and logs nothing.
import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import { InvalidRequestError } from '../errors.js';
import { IdentityStore, ROLE_GROUP_TYPE } from '../store/identity.js';
import { syncProfileSubscribers } from '../outbox/profile-subscribers.js';
import { writeProfile } from './store.js';
import { parseTenantFile, profileOf, type TenantFile } from './validate.js';

export interface ApplyResult {
  tenantId: string;
  revision: number;
  /** What was done, one line each; empty when the file matched the database already. */
  changes: string[];
  /** Users whose identity changed: the server drops their cached sign-ins. */
  touchedUsers: string[];
}

type Log = (operation: string, entity: string, property: string | null, from: unknown, to: unknown) => void;

export async function applyTenant(db: Knex, doc: unknown, by: { userId: string | null; file?: string; now?: number }): Promise<ApplyResult> {
  const t: TenantFile = parseTenantFile(doc, by.file);
  const now = by.now ?? Date.now();
  return db.transaction(async (trx) => {
    const changes: string[] = [];
    const touched = new Set<string>();
    const rows: Record<string, unknown>[] = [];
    const log: Log = (operation, entity, property, from, to) => rows.push({
      id: randomUUID(), user_id: by.userId, timestamp: now, operation_type: operation, entity_type: entity, property,
      org_value: from == null ? null : String(from), new_value: to == null ? null : String(to), tenant_id: t.id, annotation: 'tenant apply',
    });
    const identity = new IdentityStore(trx);

    const tenant = await identity.getTenant(t.id);
    if (!tenant) {
      await identity.createTenant({ id: t.id, name: t.name.ru });
      changes.push(`tenant ${t.id} created`);
      log('Create', 'Tenant', 'name', null, t.name.ru);
    } else if (tenant.name !== t.name.ru) {
      await trx('identity_tenant').where({ id: t.id }).update({ name: t.name.ru });
      changes.push(`tenant ${t.id} renamed`);
      log('Update', 'Tenant', 'name', tenant.name, t.name.ru);
    }

    const stored = await writeProfile(trx, profileOf(t), by.userId, now);
    if (stored.changed) {
      changes.push(`profile revision ${stored.revision}`);
      log(stored.previous ? 'Update' : 'Create', 'TenantProfile', 'revision', stored.previous, stored.revision);
    }

    await applyStaff(trx, identity, t, log, changes, touched);
    await applyWorkers(trx, identity, t, log, changes, touched);

    if (t.archiveMode !== undefined) {
      const want = String(t.archiveMode);
      const old = await trx('engine_tenant_setting').where({ tenant_id: t.id, name: 'archiveMode' }).first();
      // No row reads as false, so `false` on a tenant without one is no change.
      if ((old?.value ?? 'false') !== want) {
        if (old) await trx('engine_tenant_setting').where({ tenant_id: t.id, name: 'archiveMode' }).update({ value: want });
        else await trx('engine_tenant_setting').insert({ tenant_id: t.id, name: 'archiveMode', value: want });
        changes.push(`archiveMode ${want}`);
        log('Update', 'TenantSetting', 'archiveMode', old?.value ?? null, want);
      }
    }

    for (const line of await syncProfileSubscribers(trx, t.id, t.subscribers, now)) {
      changes.push(line);
      log('Create', 'Subscription', 'name', null, line);
    }

    if (rows.length) await trx('engine_op_log').insert(rows);
    return { tenantId: t.id, revision: stored.revision, changes, touchedUsers: [...touched] };
  });
}

async function applyStaff(trx: Knex.Transaction, identity: IdentityStore, t: TenantFile, log: Log, changes: string[], touched: Set<string>): Promise<void> {
  if (!t.staff?.length) return;
  await identity.ensureRoleGroups();
  for (const [i, s] of t.staff.entries()) {
    if (s.iin) {
      const holder = await identity.findUserByIin(s.iin);
      if (holder && holder.id !== s.id) throw new InvalidRequestError(`Cannot apply tenant ${t.id}: /staff/${i}/iin is already registered to another user`);
    }
    const user = await identity.getUser(s.id);
    if (!user) {
      await identity.createUser({ id: s.id, firstName: s.firstName, lastName: s.lastName, email: s.email, iin: s.iin, kind: 'staff' });
      changes.push(`user ${s.id} created`);
      log('Create', 'User', 'iin', null, s.iin ? 'set' : null);
      touched.add(s.id);
    } else {
      if (user.kind !== 'staff') throw new InvalidRequestError(`Cannot apply tenant ${t.id}: /staff/${i} names user '${s.id}', who is not a staff user`);
      const patch: Record<string, unknown> = {};
      if (s.firstName !== undefined && s.firstName !== user.firstName) patch.first_name = s.firstName;
      if (s.lastName !== undefined && s.lastName !== user.lastName) patch.last_name = s.lastName;
      if (s.email !== undefined && s.email !== user.email) patch.email = s.email;
      if (s.iin !== undefined && s.iin !== user.iin) patch.iin = s.iin;
      if (Object.keys(patch).length) {
        await trx('identity_user').where({ id: s.id }).update(patch);
        changes.push(`user ${s.id} updated (${Object.keys(patch).join(', ')})`);
        // Which field changed, not its value: the log keeps no personal data.
        for (const k of Object.keys(patch)) log('Update', 'User', k, null, null);
        touched.add(s.id);
      }
    }
    const groups = [...s.roles, ...(s.groups ?? [])];
    for (const g of s.groups ?? []) {
      const group = await identity.getGroup(g);
      if (group?.type === ROLE_GROUP_TYPE) throw new InvalidRequestError(`Cannot apply tenant ${t.id}: /staff/${i}/groups names role '${g}'; roles go in /staff/${i}/roles`);
      if (!group) {
        await identity.createGroup({ id: g });
        changes.push(`group ${g} created`);
        log('Create', 'Group', 'id', null, g);
      }
    }
    for (const g of groups) {
      if (await trx('identity_membership').where({ group_id: g, user_id: s.id }).first()) continue;
      await identity.addGroupMember(g, s.id);
      changes.push(`user ${s.id} in group ${g}`);
      log('Create', 'GroupMembership', g, null, s.id);
      touched.add(s.id);
    }
    if (await addToTenant(trx, identity, t.id, s.id)) {
      changes.push(`user ${s.id} in tenant ${t.id}`);
      log('Create', 'TenantMembership', 'userId', null, s.id);
      touched.add(s.id);
    }
  }
}

async function applyWorkers(trx: Knex.Transaction, identity: IdentityStore, t: TenantFile, log: Log, changes: string[], touched: Set<string>): Promise<void> {
  for (const [i, id] of (t.workers ?? []).entries()) {
    const user = await identity.getUser(id);
    if (!user) throw new InvalidRequestError(`Cannot apply tenant ${t.id}: /workers/${i} names user '${id}', who does not exist (create the worker user first)`);
    const roles = await identity.listGroups({ member: id, type: ROLE_GROUP_TYPE });
    if (!roles.some((r) => r.id === 'worker')) throw new InvalidRequestError(`Cannot apply tenant ${t.id}: /workers/${i} names user '${id}', who has no worker role`);
    if (await addToTenant(trx, identity, t.id, id)) {
      changes.push(`worker ${id} in tenant ${t.id}`);
      log('Create', 'TenantMembership', 'userId', null, id);
      touched.add(id);
    }
  }
}

async function addToTenant(trx: Knex.Transaction, identity: IdentityStore, tenantId: string, userId: string): Promise<boolean> {
  if (await trx('identity_tenant_user').where({ tenant_id: tenantId, user_id: userId }).first()) return false;
  await identity.addTenantUser(tenantId, userId);
  return true;
}
