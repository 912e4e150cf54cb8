// Redeeming a credential ticket (src/engine/credential-tickets.ts): valid for its own instance, before it expires, for
// one external task. The same task may redeem again — a worker that lost the answer retries — any other may not.
import type { Knex } from 'knex';
import { TICKET_PREFIX, TICKET_TABLE, sha256 } from './credential-tickets.js';

export interface TicketUse { instanceId: string; externalTaskId: string }

/** The hash of the credential the ticket stands for, or null when the ticket is unknown, expired, or not this use's. */
export async function redeemTicket(db: Knex, now: number, ticket: string, use: TicketUse): Promise<string | null> {
  if (!ticket.startsWith(TICKET_PREFIX) || ticket.length > 200) return null;
  const hash = sha256(ticket);
  const row = await db(TICKET_TABLE).where({ ticket_hash: hash }).first();
  if (!row || row.instance_id !== use.instanceId || Number(row.expires_at) <= now) return null;
  const claimed = await db(TICKET_TABLE).where({ ticket_hash: hash })
    .where((q) => q.whereNull('redeemed_by').orWhere('redeemed_by', use.externalTaskId))
    .update({ redeemed_by: use.externalTaskId, redeemed_at: now });
  return claimed === 1 ? String(row.credential_hash) : null;
}

/** Deletes expired tickets; returns how many. */
export async function purgeExpiredTickets(db: Knex, now: number): Promise<number> {
  return db(TICKET_TABLE).where('expires_at', '<=', now).delete();
}
