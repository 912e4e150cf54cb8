// The role table: administrators may do everything, auditors only read, task visibility by group and assignee,
// and which callers see all tenants.
import { describe, expect, it } from 'vitest';
import { PERMISSIONS, accessOf, allows, seesTask, type Permission } from '../../src/api/permissions.js';
import type { Principal, Role } from '../../src/store/identity.js';

function who(roles: Role[], groups: string[] = [], tenants: string[] = ['semey']): Principal {
  return { user: { id: 'u1', firstName: null, lastName: null, email: null, iin: null, kind: 'staff', active: true }, roles, groupIds: [...roles, ...groups], tenantIds: tenants };
}

describe('permissions', () => {
  it('lets an administrator do everything', () => {
    for (const p of Object.keys(PERMISSIONS) as Permission[]) expect(allows(who(['admin']), p), p).toBe(true);
  });

  it('lets an auditor only read', () => {
    const granted = (Object.keys(PERMISSIONS) as Permission[]).filter((p) => allows(who(['auditor']), p));
    expect(granted.every((p) => p === 'authenticated' || p.endsWith(':read'))).toBe(true);
    expect(granted).toContain('history:read');
  });

  it('keeps deploying to administrators and external tasks to workers', () => {
    expect(allows(who(['operator']), 'deploy')).toBe(false);
    expect(allows(who(['operator']), 'external-tasks:work')).toBe(false);
    expect(allows(who(['worker']), 'external-tasks:work')).toBe(true);
    expect(allows(who(['worker']), 'tasks:work')).toBe(false);
    expect(allows(who(['applicant']), 'instances:read')).toBe(false);
    expect(allows(who([]), 'authenticated')).toBe(true);
    expect(allows(who([]), 'definitions:read')).toBe(false);
  });

  it('gives all tenants only to an administrator in no tenant', () => {
    expect(accessOf(who(['admin'], [], [])).tenantIds).toBeNull();
    expect(accessOf(who(['admin'], [], ['semey'])).tenantIds).toEqual(['semey']);
    expect(accessOf(who(['auditor'], [], [])).tenantIds).toEqual([]);
  });
});

describe('task visibility', () => {
  const task = (over: Partial<{ assignee: string | null; candidateUsers: string[]; candidateGroups: string[] }> = {}) =>
    ({ assignee: null, candidateUsers: [], candidateGroups: ['provider-specialist'], ...over });

  it('shows operators the tasks of their groups, assigned to them or naming them', () => {
    expect(seesTask(who(['operator'], ['provider-specialist']), task())).toBe(true);
    expect(seesTask(who(['operator'], ['con-operator']), task())).toBe(false);
    expect(seesTask(who(['operator'], ['con-operator']), task({ candidateUsers: ['u1'] }))).toBe(true);
    expect(seesTask(who(['operator']), task({ assignee: 'u1' }))).toBe(true);
  });

  it('shows applicants only their own tasks, never the common applicant group\'s', () => {
    expect(seesTask(who(['applicant'], ['applicant']), task({ candidateGroups: ['applicant'] }))).toBe(false);
    expect(seesTask(who(['operator'], ['applicant']), task({ candidateGroups: ['applicant'] }))).toBe(false);
    expect(seesTask(who(['applicant']), task({ assignee: 'u1', candidateGroups: ['applicant'] }))).toBe(true);
  });

  it('shows administrators and auditors every task of their tenants', () => {
    expect(seesTask(who(['admin']), task({ candidateGroups: ['other'] }))).toBe(true);
    expect(seesTask(who(['auditor']), task({ candidateGroups: ['other'] }))).toBe(true);
  });
});
