// The staff signer's IIN on task completion: the server, not the form, says whose ЭЦП a staff signature must carry.
import type { VariableMap } from '../engine/api.js';
import type { Principal } from '../store/identity.js';

/** The variable eds-verify-signature matches a staff certificate against (docs/eds.md). */
export const SIGNER_IIN = 'signerIin';

/**
 * The completion's variables with `signerIin` taken from the completing user's identity record. A value sent by the
 * client is always dropped: otherwise anyone completing a task could name whose certificate the check expects.
 * Only staff users sign as operator or specialist; an applicant's completion never sets it.
 */
export function withSignerIin(variables: VariableMap | undefined, principal: Principal): VariableMap | undefined {
  const has = variables && Object.prototype.hasOwnProperty.call(variables, SIGNER_IIN);
  const iin = principal.user.kind === 'staff' ? principal.user.iin : null;
  if (!has && !iin) return variables;
  const rest: VariableMap = { ...(variables ?? {}) };
  delete rest[SIGNER_IIN];
  return iin ? { ...rest, [SIGNER_IIN]: { value: iin, type: 'String' } } : rest;
}
