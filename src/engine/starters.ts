// Who may start a definition: Camunda's candidate starters (camunda:candidateStarterGroups / candidateStarterUsers).
// Each route of a bundle names its starters (portal: applicants; con: ЦОН operators; provider: the provider's
// specialists — docs/conventions.md), so an applicant cannot open a staff route on their own behalf.
import { AuthorizationError } from '../errors.js';
import type { Access } from './api.js';
import type { DefinitionEntry } from './instances.js';

/**
 * Throws unless the caller may start the definition. Calls without a user (the host's own starts) and calls across
 * all tenants (`tenantIds: null`: only global administrators and the host's own tools get it) are not restricted.
 */
export function checkStarter(def: Pick<DefinitionEntry, 'key' | 'starters'>, access: Access): void {
  const starters = def.starters;
  if (!starters || access.userId === undefined || access.startsAny || access.tenantIds === null) return;
  if (starters.users.includes(access.userId)) return;
  if (starters.groups.some((g) => access.groupIds?.includes(g))) return;
  throw new AuthorizationError(`User '${access.userId}' may not start process definition '${def.key}': its starters are ${[
    ...starters.groups.map((g) => `group '${g}'`), ...starters.users.map((u) => `user '${u}'`)].join(', ')}`);
}
