// The role table of permissions.ts read as Camunda authorizations: one GRANT per role and Camunda resource type, with
// resource id `*`. Camunda keeps a grant/revoke table that users edit; here a role's rights are fixed by code and
// granted by group membership, so these are derived, read-only, and Camunda's check answers from the same table.
import type { Role } from '../store/identity.js';
import { PERMISSIONS, type Permission } from './permissions.js';

/** Camunda's resource types (org.camunda.bpm.engine.authorization.Resources) this server has rights over. */
export const RESOURCES = {
  User: 1, Group: 2, GroupMembership: 3, Authorization: 4, ProcessDefinition: 6, Task: 7, ProcessInstance: 8, Deployment: 9,
  Tenant: 11, TenantMembership: 12, HistoricTask: 19, HistoricProcessInstance: 20,
} as const;
export type ResourceName = keyof typeof RESOURCES;

/**
 * What each permission of this server is in Camunda's terms. The external-task, message and incident permissions have
 * no Camunda resource of their own (Camunda authorizes them through process instance updates and reads, which would
 * claim more than they allow here), so they are not shown.
 */
const GRANTS: Partial<Record<Permission, [ResourceName, string[]][]>> = {
  deploy: [['Deployment', ['CREATE', 'DELETE']]],
  'deployments:read': [['Deployment', ['READ']]],
  'definitions:read': [['ProcessDefinition', ['READ']]],
  'instances:start': [['ProcessDefinition', ['CREATE_INSTANCE']], ['ProcessInstance', ['CREATE']]],
  'instances:read': [['ProcessInstance', ['READ']], ['ProcessDefinition', ['READ_INSTANCE']]],
  'instances:write': [['ProcessInstance', ['UPDATE', 'DELETE']], ['ProcessDefinition', ['UPDATE_INSTANCE', 'DELETE_INSTANCE']], ['Task', ['UPDATE', 'TASK_ASSIGN']]],
  'tasks:read': [['Task', ['READ']], ['ProcessDefinition', ['READ_TASK']]],
  'tasks:work': [['Task', ['TASK_WORK']]],
  'history:read': [['HistoricProcessInstance', ['READ']], ['HistoricTask', ['READ']], ['ProcessDefinition', ['READ_HISTORY']]],
  'identity:read': [['User', ['READ']], ['Group', ['READ']], ['Authorization', ['READ']]],
  'identity:admin': [['User', ['CREATE', 'UPDATE', 'DELETE']], ['Group', ['CREATE', 'UPDATE', 'DELETE']], ['GroupMembership', ['CREATE', 'DELETE']],
    ['Tenant', ['CREATE', 'UPDATE', 'DELETE']], ['TenantMembership', ['CREATE', 'DELETE']]],
  authenticated: [['Tenant', ['READ']]],
};

export interface DerivedAuthorization {
  id: string; type: 1; permissions: string[]; userId: null; groupId: Role; resourceType: number; resourceId: '*';
  removalTime: null; rootProcessInstanceId: null;
}

const ROLE_ORDER: Role[] = ['admin', 'operator', 'worker', 'auditor', 'applicant'];

/** The permissions `role` has on a resource type, in Camunda's names. */
export function permissionsOf(role: Role, resource: ResourceName): string[] {
  const out = new Set<string>();
  for (const [permission, grants] of Object.entries(GRANTS) as [Permission, [ResourceName, string[]][]][]) {
    if (!PERMISSIONS[permission].includes(role)) continue;
    for (const [r, names] of grants) if (r === resource) for (const n of names) out.add(n);
  }
  return [...out].sort();
}

/** Every derived authorization, ordered by role then resource type; its id is `<role>:<resource type>`. */
export function derivedAuthorizations(): DerivedAuthorization[] {
  const out: DerivedAuthorization[] = [];
  for (const role of ROLE_ORDER) {
    for (const [name, type] of Object.entries(RESOURCES) as [ResourceName, number][]) {
      const permissions = permissionsOf(role, name);
      if (permissions.length) out.push({ id: `${role}:${type}`, type: 1, permissions, userId: null, groupId: role, resourceType: type, resourceId: '*', removalTime: null, rootProcessInstanceId: null });
    }
  }
  return out.sort((a, b) => ROLE_ORDER.indexOf(a.groupId) - ROLE_ORDER.indexOf(b.groupId) || a.resourceType - b.resourceType);
}

/** Whether any of `roles` has `permission` (a Camunda name) on the resource type; no role here holds Camunda's ALL. */
export function rolesAllow(roles: readonly Role[], resource: ResourceName, permission: string): boolean {
  return roles.some((role) => permissionsOf(role, resource).includes(permission));
}

export function resourceByType(type: number): ResourceName | undefined {
  return (Object.entries(RESOURCES) as [ResourceName, number][]).find(([, t]) => t === type)?.[0];
}
