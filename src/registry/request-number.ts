// The per-akimat format of request numbers («присвоение номера заявлению»): <prefix>-<year>-<six-digit sequence>.
// The sequence restarts each calendar year (Kazakhstan time) and is gap-free within a prefix and year.

/** The prefix of a tenant: its profile's `requestPrefix`, else the first three letters of the id in upper case. */
export function requestPrefix(tenantId: string, configured?: string | null): string {
  return configured || (tenantId.replace(/[^a-z0-9]/gi, '').slice(0, 3).toUpperCase() || 'REQ');
}

/** The year in Kazakhstan (UTC+5) of an instant: a request received at 23:30 UTC on 31 December counts to the next year. */
export function kzYear(at: Date): number {
  return new Date(at.getTime() + 5 * 3_600_000).getUTCFullYear();
}

export function formatRequestNumber(prefix: string, year: number, sequence: number): string {
  return `${prefix}-${year}-${String(sequence).padStart(6, '0')}`;
}

export const REQUEST_NUMBER_PATTERN = /^[A-Z0-9]{1,8}-[0-9]{4}-[0-9]{6,}$/;
