// Identity store: users, groups, tenants (akimats), memberships, password checks with lockout, and bearer tokens.
// Roles are groups of type `role` whose id is a role name (admin, operator, worker, auditor, applicant).
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Knex } from 'knex';
import { InvalidRequestError, NotFoundError } from '../errors.js';
import { passwordHashing } from './password-hashing.js';

export type UserKind = 'staff' | 'applicant' | 'service';
export const ROLES = ['admin', 'operator', 'worker', 'auditor', 'applicant'] as const;
export type Role = (typeof ROLES)[number];
export const ROLE_GROUP_TYPE = 'role';
/** Groups of this type name an external-task topic (group id = topic); a worker in any of them works only those topics. */
export const TOPIC_GROUP_TYPE = 'topic';

export interface UserRecord {
  id: string;
  firstName: string | null;
  lastName: string | null;
  email: string | null;
  iin: string | null;
  kind: UserKind;
  active: boolean;
}

export interface GroupRecord { id: string; name: string | null; type: string }
export interface TenantRecord { id: string; name: string | null }

export interface NewUser {
  id: string;
  password?: string;
  firstName?: string | null;
  lastName?: string | null;
  email?: string | null;
  iin?: string | null;
  kind?: UserKind;
}

/** Who is calling, as every authorization decision needs it. */
export interface Principal {
  user: UserRecord;
  groupIds: string[];
  roles: Role[];
  /** Tenants of the user, directly or through a group. */
  tenantIds: string[];
  /** External-task topics the user is limited to (groups of type `topic`); empty or absent = not limited. */
  topics?: string[];
}

export type PasswordCheck =
  | { ok: true; user: UserRecord }
  | { ok: false; reason: 'unknown' | 'inactive' | 'locked' | 'wrong'; lockedUntil?: number };

export interface UserQuery {
  id?: string; idIn?: string[]; firstName?: string; lastName?: string; email?: string;
  memberOfGroup?: string; memberOfTenant?: string;
  /** Users in at least one of these tenants (directly or through a group). */
  memberOfTenantIn?: string[];
  firstResult?: number; maxResults?: number;
}
export interface GroupQuery { id?: string; idIn?: string[]; name?: string; type?: string; member?: string; memberOfTenant?: string; firstResult?: number; maxResults?: number }
export interface TenantQuery { id?: string; name?: string; userMember?: string; groupMember?: string; firstResult?: number; maxResults?: number }

export interface IdentityOptions {
  /** Failures in a row before the account locks (default 5; 0 never locks — the server passes 0, see ApiConfig.lockout). */
  maxFailures?: number;
  /** How long a lock lasts (default 15 minutes). */
  lockMs?: number;
  now?: () => number;
}

const SCRYPT = { N: 16384, r: 8, p: 1, keylen: 64 };

function scrypt(password: string, salt: Buffer, N: number, r: number, p: number, keylen: number): Promise<Buffer> {
  return passwordHashing.scrypt(password, salt, N, r, p, keylen);
}

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

interface UserRow {
  id: string; first_name: string | null; last_name: string | null; email: string | null; iin: string | null;
  kind: string; active: boolean | number; password_hash: string | null; password_salt: string | null;
  failed_attempts: number; locked_until: number | string | null;
}

function toUser(row: UserRow): UserRecord {
  return {
    id: row.id, firstName: row.first_name, lastName: row.last_name, email: row.email, iin: row.iin,
    kind: row.kind as UserKind, active: Boolean(row.active),
  };
}

function page<T extends Knex.QueryBuilder>(q: T, firstResult?: number, maxResults?: number): T {
  if (maxResults !== undefined) q.limit(maxResults);
  if (firstResult) q.offset(firstResult);
  return q;
}

export class IdentityStore {
  private readonly maxFailures: number;
  private readonly lockMs: number;
  private readonly now: () => number;

  constructor(private readonly db: Knex, options: IdentityOptions = {}) {
    this.maxFailures = options.maxFailures ?? 5;
    this.lockMs = options.lockMs ?? 15 * 60_000;
    this.now = options.now ?? Date.now;
  }

  // ---- users ----

  async createUser(input: NewUser): Promise<UserRecord> {
    if (!input.id || !/^[A-Za-z0-9._@-]{1,128}$/.test(input.id)) {
      throw new InvalidRequestError('Cannot create user: id must be 1–128 letters, digits or . _ @ -');
    }
    if (await this.db('identity_user').where({ id: input.id }).first()) {
      throw new InvalidRequestError(`Cannot create user '${input.id}': a user with this id exists`);
    }
    if (input.iin && (await this.db('identity_user').where({ iin: input.iin }).first())) {
      throw new InvalidRequestError('Cannot create user: this IIN is already registered');
    }
    const row: Record<string, unknown> = {
      id: input.id, first_name: input.firstName ?? null, last_name: input.lastName ?? null, email: input.email ?? null,
      iin: input.iin ?? null, kind: input.kind ?? 'staff', active: true, failed_attempts: 0, created_at: this.now(),
    };
    if (input.password !== undefined) Object.assign(row, await this.hashPassword(input.password));
    await this.db('identity_user').insert(row);
    return (await this.getUser(input.id))!;
  }

  async getUser(id: string): Promise<UserRecord | null> {
    const row = await this.db<UserRow>('identity_user').where({ id }).first();
    return row ? toUser(row) : null;
  }

  async findUserByIin(iin: string): Promise<UserRecord | null> {
    const row = await this.db<UserRow>('identity_user').where({ iin }).first();
    return row ? toUser(row) : null;
  }

  private userQuery(q: UserQuery): Knex.QueryBuilder {
    const b = this.db('identity_user as u');
    if (q.id) b.where('u.id', q.id);
    if (q.idIn) b.whereIn('u.id', q.idIn);
    if (q.firstName) b.where('u.first_name', q.firstName);
    if (q.lastName) b.where('u.last_name', q.lastName);
    if (q.email) b.where('u.email', q.email);
    if (q.memberOfGroup) b.whereIn('u.id', this.db('identity_membership').select('user_id').where({ group_id: q.memberOfGroup }));
    for (const tenants of [q.memberOfTenant ? [q.memberOfTenant] : undefined, q.memberOfTenantIn]) {
      if (!tenants) continue;
      b.where((w) => w
        .whereIn('u.id', this.db('identity_tenant_user').select('user_id').whereIn('tenant_id', tenants))
        .orWhereIn('u.id', this.db('identity_membership as m').join('identity_tenant_group as tg', 'tg.group_id', 'm.group_id')
          .select('m.user_id').whereIn('tg.tenant_id', tenants)));
    }
    return b;
  }

  async listUsers(q: UserQuery = {}): Promise<UserRecord[]> {
    const rows = await page(this.userQuery(q).select('u.*').orderBy('u.id'), q.firstResult, q.maxResults);
    return (rows as UserRow[]).map(toUser);
  }

  async countUsers(q: UserQuery = {}): Promise<number> {
    const [{ n }] = await this.userQuery(q).count({ n: '*' });
    return Number(n);
  }

  async setPassword(id: string, password: string): Promise<void> {
    const n = await this.db('identity_user').where({ id }).update({ ...(await this.hashPassword(password)), failed_attempts: 0, locked_until: null });
    if (!n) throw new NotFoundError(`Cannot set password: user '${id}' does not exist`);
  }

  async setActive(id: string, active: boolean): Promise<void> {
    await this.db('identity_user').where({ id }).update({ active });
  }

  async deleteUser(id: string): Promise<void> {
    await this.db('identity_user').where({ id }).delete();
  }

  /** Deletes a group with its memberships and tenant links; returns the former members (false when there was no such group). */
  async deleteGroup(id: string): Promise<string[] | false> {
    return this.db.transaction(async (trx) => {
      const members = (await trx('identity_membership').where({ group_id: id }).select('user_id')).map((r: { user_id: string }) => r.user_id);
      await trx('identity_membership').where({ group_id: id }).delete();
      await trx('identity_tenant_group').where({ group_id: id }).delete();
      return (await trx('identity_group').where({ id }).delete()) > 0 ? members : false;
    });
  }

  /** Deletes a tenant with its user and group links (its deployments and instances stay); false when there was no such tenant. */
  async deleteTenant(id: string): Promise<boolean> {
    return this.db.transaction(async (trx) => {
      await trx('identity_tenant_user').where({ tenant_id: id }).delete();
      await trx('identity_tenant_group').where({ tenant_id: id }).delete();
      return (await trx('identity_tenant').where({ id }).delete()) > 0;
    });
  }

  private async hashPassword(password: string): Promise<{ password_hash: string; password_salt: string }> {
    if (typeof password !== 'string' || password.length < 4 || password.length > 1024) {
      throw new InvalidRequestError('Cannot set password: it must be 4–1024 characters');
    }
    const salt = randomBytes(16);
    const key = await scrypt(password, salt, SCRYPT.N, SCRYPT.r, SCRYPT.p, SCRYPT.keylen);
    return { password_hash: `scrypt$${SCRYPT.N}$${SCRYPT.r}$${SCRYPT.p}$${key.toString('hex')}`, password_salt: salt.toString('hex') };
  }

  /** Checks a password; counts failures and, when `maxFailures` > 0, locks the account after that many in a row. */
  async verifyPassword(id: string, password: string): Promise<PasswordCheck> {
    const row = await this.db<UserRow>('identity_user').where({ id }).first();
    if (!row || !row.password_hash || !row.password_salt) {
      // Spend the same time as a real check, so response time does not tell which ids exist.
      await scrypt(password, Buffer.alloc(16), SCRYPT.N, SCRYPT.r, SCRYPT.p, SCRYPT.keylen);
      return { ok: false, reason: 'unknown' };
    }
    const now = this.now();
    const lockedUntil = row.locked_until == null ? null : Number(row.locked_until);
    if (lockedUntil !== null && lockedUntil > now) return { ok: false, reason: 'locked', lockedUntil };
    const [, N, r, p, hex] = row.password_hash.split('$');
    const expected = Buffer.from(hex, 'hex');
    const key = await scrypt(password, Buffer.from(row.password_salt, 'hex'), Number(N), Number(r), Number(p), expected.length);
    if (!timingSafeEqual(key, expected)) {
      const failures = row.failed_attempts + 1;
      if (this.maxFailures > 0 && failures >= this.maxFailures) {
        await this.db('identity_user').where({ id }).update({ failed_attempts: 0, locked_until: now + this.lockMs });
        return { ok: false, reason: 'locked', lockedUntil: now + this.lockMs };
      }
      await this.db('identity_user').where({ id }).update({ failed_attempts: failures });
      return { ok: false, reason: 'wrong' };
    }
    if (!row.active) return { ok: false, reason: 'inactive' };
    if (row.failed_attempts || lockedUntil !== null) {
      await this.db('identity_user').where({ id }).update({ failed_attempts: 0, locked_until: null });
    }
    return { ok: true, user: toUser(row) };
  }

  // ---- groups ----

  async createGroup(input: { id: string; name?: string | null; type?: string | null }): Promise<GroupRecord> {
    if (!input.id || !/^[A-Za-z0-9._@-]{1,128}$/.test(input.id)) {
      throw new InvalidRequestError('Cannot create group: id must be 1–128 letters, digits or . _ @ -');
    }
    if (await this.db('identity_group').where({ id: input.id }).first()) {
      throw new InvalidRequestError(`Cannot create group '${input.id}': a group with this id exists`);
    }
    const group = { id: input.id, name: input.name ?? input.id, type: input.type ?? 'WORKFLOW' };
    await this.db('identity_group').insert(group);
    return group;
  }

  async getGroup(id: string): Promise<GroupRecord | null> {
    return (await this.db<GroupRecord>('identity_group').where({ id }).first()) ?? null;
  }

  private groupQuery(q: GroupQuery): Knex.QueryBuilder {
    const b = this.db('identity_group as g');
    if (q.id) b.where('g.id', q.id);
    if (q.idIn) b.whereIn('g.id', q.idIn);
    if (q.name) b.where('g.name', q.name);
    if (q.type) b.where('g.type', q.type);
    if (q.member) b.whereIn('g.id', this.db('identity_membership').select('group_id').where({ user_id: q.member }));
    if (q.memberOfTenant) b.whereIn('g.id', this.db('identity_tenant_group').select('group_id').where({ tenant_id: q.memberOfTenant }));
    return b;
  }

  async listGroups(q: GroupQuery = {}): Promise<GroupRecord[]> {
    return page(this.groupQuery(q).select('g.id', 'g.name', 'g.type').orderBy('g.id'), q.firstResult, q.maxResults);
  }

  async countGroups(q: GroupQuery = {}): Promise<number> {
    const [{ n }] = await this.groupQuery(q).count({ n: '*' });
    return Number(n);
  }

  async addGroupMember(groupId: string, userId: string): Promise<void> {
    await this.mustExist('identity_group', groupId, 'group');
    await this.mustExist('identity_user', userId, 'user');
    await this.db('identity_membership').insert({ group_id: groupId, user_id: userId }).onConflict(['user_id', 'group_id']).ignore();
  }

  async removeGroupMember(groupId: string, userId: string): Promise<void> {
    await this.db('identity_membership').where({ group_id: groupId, user_id: userId }).delete();
  }

  /** Makes sure the role groups exist (idempotent). */
  async ensureRoleGroups(): Promise<void> {
    for (const role of ROLES) {
      await this.db('identity_group').insert({ id: role, name: role, type: ROLE_GROUP_TYPE }).onConflict('id').ignore();
    }
  }

  // ---- tenants ----

  async createTenant(input: { id: string; name?: string | null }): Promise<TenantRecord> {
    if (!input.id || !/^[A-Za-z0-9._-]{1,128}$/.test(input.id)) {
      throw new InvalidRequestError('Cannot create tenant: id must be 1–128 letters, digits or . _ -');
    }
    if (await this.db('identity_tenant').where({ id: input.id }).first()) {
      throw new InvalidRequestError(`Cannot create tenant '${input.id}': a tenant with this id exists`);
    }
    const tenant = { id: input.id, name: input.name ?? input.id };
    await this.db('identity_tenant').insert(tenant);
    return tenant;
  }

  async getTenant(id: string): Promise<TenantRecord | null> {
    return (await this.db<TenantRecord>('identity_tenant').where({ id }).first()) ?? null;
  }

  private tenantQuery(q: TenantQuery): Knex.QueryBuilder {
    const b = this.db('identity_tenant as t');
    if (q.id) b.where('t.id', q.id);
    if (q.name) b.where('t.name', q.name);
    if (q.userMember) {
      const user = q.userMember;
      b.where((w) => w
        .whereIn('t.id', this.db('identity_tenant_user').select('tenant_id').where({ user_id: user }))
        .orWhereIn('t.id', this.db('identity_tenant_group as tg').join('identity_membership as m', 'm.group_id', 'tg.group_id')
          .select('tg.tenant_id').where('m.user_id', user)));
    }
    if (q.groupMember) b.whereIn('t.id', this.db('identity_tenant_group').select('tenant_id').where({ group_id: q.groupMember }));
    return b;
  }

  async listTenants(q: TenantQuery = {}): Promise<TenantRecord[]> {
    return page(this.tenantQuery(q).select('t.id', 't.name').orderBy('t.id'), q.firstResult, q.maxResults);
  }

  async countTenants(q: TenantQuery = {}): Promise<number> {
    const [{ n }] = await this.tenantQuery(q).count({ n: '*' });
    return Number(n);
  }

  async addTenantUser(tenantId: string, userId: string): Promise<void> {
    await this.mustExist('identity_tenant', tenantId, 'tenant');
    await this.mustExist('identity_user', userId, 'user');
    await this.db('identity_tenant_user').insert({ tenant_id: tenantId, user_id: userId }).onConflict(['tenant_id', 'user_id']).ignore();
  }

  async removeTenantUser(tenantId: string, userId: string): Promise<void> {
    await this.db('identity_tenant_user').where({ tenant_id: tenantId, user_id: userId }).delete();
  }

  async addTenantGroup(tenantId: string, groupId: string): Promise<void> {
    await this.mustExist('identity_tenant', tenantId, 'tenant');
    await this.mustExist('identity_group', groupId, 'group');
    await this.db('identity_tenant_group').insert({ tenant_id: tenantId, group_id: groupId }).onConflict(['tenant_id', 'group_id']).ignore();
  }

  async removeTenantGroup(tenantId: string, groupId: string): Promise<void> {
    await this.db('identity_tenant_group').where({ tenant_id: tenantId, group_id: groupId }).delete();
  }

  private async mustExist(table: string, id: string, what: string): Promise<void> {
    if (!(await this.db(table).where({ id }).first())) throw new NotFoundError(`No ${what} with id '${id}'`);
  }

  // ---- principal ----

  async principal(userId: string): Promise<Principal | null> {
    const user = await this.getUser(userId);
    if (!user) return null;
    const groups = await this.listGroups({ member: userId });
    const tenants = await this.listTenants({ userMember: userId });
    const roles = groups.filter((g) => g.type === ROLE_GROUP_TYPE && (ROLES as readonly string[]).includes(g.id)).map((g) => g.id as Role);
    const topics = groups.filter((g) => g.type === TOPIC_GROUP_TYPE).map((g) => g.id);
    return { user, groupIds: groups.map((g) => g.id), roles, tenantIds: tenants.map((t) => t.id), topics };
  }

  /** Creates the first administrator when missing (in no tenant: sees every tenant). */
  async ensureAdmin(id: string, password: string): Promise<void> {
    await this.ensureRoleGroups();
    if (!(await this.getUser(id))) await this.createUser({ id, password, kind: 'staff', firstName: 'Administrator' });
    await this.addGroupMember('admin', id);
  }

  // ---- tokens ----

  async issueToken(userId: string, ttlMs: number): Promise<{ token: string; expiresAt: number }> {
    const token = randomBytes(32).toString('base64url');
    const now = this.now();
    const expiresAt = now + ttlMs;
    await this.db('identity_token').insert({ token_hash: sha256(token), user_id: userId, created_at: now, expires_at: expiresAt });
    return { token, expiresAt };
  }

  /** The user id of a live token, or null when unknown, expired or revoked. */
  async resolveToken(token: string): Promise<{ userId: string; expiresAt: number } | null> {
    return this.resolveTokenHash(sha256(token));
  }

  /** As resolveToken, by the token's sha256 (hex): what a credential ticket keeps instead of the token. */
  async resolveTokenHash(tokenHash: string): Promise<{ userId: string; expiresAt: number } | null> {
    const row = await this.db('identity_token').where({ token_hash: tokenHash }).first();
    if (!row || row.revoked_at != null || Number(row.expires_at) <= this.now()) return null;
    return { userId: row.user_id, expiresAt: Number(row.expires_at) };
  }

  async revokeToken(token: string): Promise<void> {
    await this.db('identity_token').where({ token_hash: sha256(token) }).update({ revoked_at: this.now() });
  }

  async purgeExpiredTokens(): Promise<number> {
    return this.db('identity_token').where('expires_at', '<', this.now()).delete();
  }
}
