// Which role may do what: one table, checked by the auth plugin from each route's `config.permission`.
import type { Principal, Role } from '../store/identity.js';
import type { Access } from '../engine/api.js';

export type Permission =
  | 'authenticated'
  | 'deploy'
  | 'deployments:read'
  | 'definitions:read'
  | 'instances:start'
  | 'instances:read'
  | 'instances:write'
  | 'tasks:read'
  | 'tasks:work'
  | 'external-tasks:work'
  | 'external-tasks:read'
  | 'external-tasks:manage'
  | 'message'
  | 'incidents:read'
  | 'history:read'
  | 'identity:read'
  | 'identity:admin';

/** Roles allowed per permission. `admin` may do everything; `auditor` only reads. */
export const PERMISSIONS: Record<Permission, readonly Role[]> = {
  authenticated: ['admin', 'operator', 'worker', 'auditor', 'applicant'],
  deploy: ['admin'],
  'deployments:read': ['admin', 'auditor', 'operator'],
  'definitions:read': ['admin', 'auditor', 'operator', 'applicant'],
  'instances:start': ['admin', 'operator', 'applicant'],
  'instances:read': ['admin', 'auditor', 'operator'],
  'instances:write': ['admin'],
  'tasks:read': ['admin', 'auditor', 'operator', 'applicant'],
  'tasks:work': ['admin', 'operator', 'applicant'],
  'external-tasks:work': ['admin', 'worker'],
  'external-tasks:read': ['admin', 'auditor', 'operator', 'worker'],
  'external-tasks:manage': ['admin'],
  message: ['admin', 'operator', 'worker'],
  'incidents:read': ['admin', 'auditor', 'operator'],
  'history:read': ['admin', 'auditor', 'operator'],
  'identity:read': ['admin', 'auditor'],
  'identity:admin': ['admin'],
};

export function allows(principal: Principal, permission: Permission): boolean {
  if (permission === 'authenticated') return true;
  const roles = PERMISSIONS[permission];
  return principal.roles.some((r) => roles.includes(r));
}

/** An administrator in no tenant sees every tenant; everyone else sees their tenants only. */
export function isGlobalAdmin(principal: Principal): boolean {
  return principal.roles.includes('admin') && principal.tenantIds.length === 0;
}

export function accessOf(principal: Principal): Access {
  return {
    tenantIds: isGlobalAdmin(principal) ? null : principal.tenantIds,
    userId: principal.user.id,
    groupIds: principal.groupIds,
    startsAny: principal.roles.includes('admin'),
  };
}

/** The topics a worker is limited to, or null when it may work every topic (administrators, or no topic groups). */
export function topicsOf(principal: Principal): Set<string> | null {
  if (principal.roles.includes('admin') || !principal.topics?.length) return null;
  return new Set(principal.topics);
}

/**
 * Whether a user task is the caller's to see: administrators and auditors see every task of their tenants,
 * operators the tasks of their groups or assigned to them, applicants only tasks assigned to them.
 */
export function seesTask(principal: Principal, task: { assignee: string | null; candidateUsers: string[]; candidateGroups: string[] }): boolean {
  if (principal.roles.includes('admin') || principal.roles.includes('auditor')) return true;
  const me = principal.user.id;
  if (task.assignee === me) return true;
  if (principal.roles.includes('operator')) {
    if (task.candidateUsers.includes(me)) return true;
    // The `applicant` group is every portal user's: membership in it never opens another applicant's task.
    return task.candidateGroups.some((g) => g !== 'applicant' && principal.groupIds.includes(g));
  }
  return false;
}
