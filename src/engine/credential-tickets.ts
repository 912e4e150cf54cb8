// Bearer credentials never rest in an instance's state. A client starts a route with its sign-in token in
// `authSession` (docs/conventions.md) so that the `authorize` step can check who applies; saved as it came, the token
// stayed in the instance's variables and engine state, where anyone reading them could act as its owner for hours.
// The host swaps every such value for a ticket before the engine sees it: a random value of its own, bound to the
// instance, short-lived and redeemable by one external task; the instance keeps only the ticket, the ticket table
// only hashes. Redeeming it (`/api/auth/session-tickets/redeem`) tells who signed in, never the token.
import { createHash, randomBytes } from 'node:crypto';
import type { VariableMap } from './api.js';

/** Variables that carry a bearer credential into a process. */
export const CREDENTIAL_VARIABLES: readonly string[] = ['authSession'];
export const TICKET_PREFIX = 'rgt_';
export const TICKET_TABLE = 'engine_credential_ticket';
/** Long enough for the authorize step to run after an outage of its workers, short against a leaked state dump. */
export const DEFAULT_TICKET_TTL_MS = 60 * 60_000;

export const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

export interface TicketRow { table: string; row: Record<string, unknown> }

/**
 * Replaces each credential variable's value in `vars` (in place) with a fresh ticket and returns the rows to insert in
 * the same transaction as the variables. Values that are not a non-empty string (the worker's `authSession: null`)
 * and tickets stay as they are.
 */
export function sealCredentials(vars: VariableMap, instanceId: string, now: number, ttlMs = DEFAULT_TICKET_TTL_MS): TicketRow[] {
  const rows: TicketRow[] = [];
  for (const name of CREDENTIAL_VARIABLES) {
    const v = vars[name];
    // A ticket written back (a client echoing the variables it read) is no credential: it stays as it is.
    if (!v || typeof v.value !== 'string' || v.value === '' || v.value.startsWith(TICKET_PREFIX)) continue;
    const ticket = `${TICKET_PREFIX}${randomBytes(32).toString('base64url')}`;
    rows.push({ table: TICKET_TABLE, row: { ticket_hash: sha256(ticket), credential_hash: sha256(v.value.trim()), instance_id: instanceId, created_at: now, expires_at: now + ttlMs, redeemed_by: null, redeemed_at: null } });
    vars[name] = { type: 'String', value: ticket, valueInfo: {} };
  }
  return rows;
}
