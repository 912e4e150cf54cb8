// Topic authorize (условие 1): is the sign-in the process was started with genuine and does it belong to someone allowed
// to work in this system? The password (or ЭЦП) was checked, with lockout, when the session was issued; the worker
// checks the session over the server's own HTTP API, as a remote worker would. A refusal carries процесс 2's message.
import { serverBaseOf } from './services.js';
import { complete, failure, type Outcome, type TaskInput, type WorkerContext } from './types.js';

export const topic = 'authorize';
export const lockDuration = 30_000;
export const variables = ['initiator', 'authSession', 'language'];

export type Channel = 'portal' | 'con' | 'provider';

/** Who may work in each kind of system: the candidate group of docs/conventions.md. */
export const CHANNEL_GROUP: Record<Channel, string> = {
  portal: 'applicant',
  con: 'con-operator',
  provider: 'provider-specialist',
};

/** The property `system` names the system as the act does; the route's channel follows from it (or from the key). */
export function channelOf(task: Pick<TaskInput, 'properties' | 'processDefinitionKey'>): Channel {
  const system = task.properties.system ?? '';
  if (/ПЭП|ЭҮП/i.test(system)) return 'portal';
  if (/ЦОН|Центр|ХҚКО/i.test(system)) return 'con';
  if (system) return 'provider';
  const key = task.processDefinitionKey ?? '';
  if (key.endsWith('-portal')) return 'portal';
  if (key.endsWith('-con')) return 'con';
  return 'provider';
}

const WHOM: Record<'ru' | 'kk', Record<Channel, string>> = {
  ru: { portal: 'получателя государственной услуги', con: 'оператора Центра', provider: 'сотрудника услугодателя' },
  kk: { portal: 'қызмет алушының', con: 'ХҚКО операторының', provider: 'қызметкердің' },
};

/** процесс 2: «формирование сообщения об отказе в авторизации в <система> в связи с имеющимися нарушениями в данных …» */
export function refusalMessage(language: 'ru' | 'kk', channel: Channel, system: string, detail: string): string {
  const where = system || (channel === 'portal' ? 'ПЭП' : channel === 'con' ? 'ИС ЦОН' : 'ИС услугодателя');
  return language === 'kk'
    ? `${WHOM.kk[channel][0]!.toUpperCase()}${WHOM.kk[channel].slice(1)} деректерінде бұзушылықтар болуына байланысты ${where} авторизациялаудан бас тарту: ${detail}`
    : `Отказ в авторизации в ${where} в связи с имеющимися нарушениями в данных ${WHOM.ru[channel]}: ${detail}`;
}

/** What the server says about a session (GET /api/auth/me). */
export interface SessionInfo {
  userId: string;
  kind: string;
  groups: string[];
  tenants: string[];
}

/** The session service could not answer (down, 5xx): a technical failure, never a refusal. */
export class SessionServiceUnavailableError extends Error {}

/** Prefix of the tickets the host puts in place of a sign-in token (src/engine/credential-tickets.ts). */
export const TICKET_PREFIX = 'rgt_';

export interface SessionChecker {
  /**
   * The session's user, or null when the session is unknown, expired, revoked or the account is disabled. `credential`
   * is a ticket (what a process started through this server holds) or a sign-in token (a caller that has one).
   */
  check(credential: string, task: { processInstanceId: string; externalTaskId: string }): Promise<SessionInfo | null>;
}

/**
 * Asks the server. A ticket is redeemed with the worker's own credentials (POST <base>/api/auth/session-tickets/redeem,
 * bound to the instance and this external task); a token is checked as its owner (GET <base>/api/auth/me, 401 = none).
 */
export function httpSessionChecker(baseUrl: string, options: { timeoutMs?: number; fetch?: typeof fetch; authorization?: string } = {}): SessionChecker {
  const base = baseUrl.replace(/\/+$/, '');
  const call = async (url: string, init: RequestInit): Promise<Response> => {
    try {
      return await (options.fetch ?? fetch)(url, { ...init, signal: AbortSignal.timeout(options.timeoutMs ?? 10_000) });
    } catch (err) {
      throw new SessionServiceUnavailableError(`Couldn't check the session, the server is unreachable (${(err as Error).name})`);
    }
  };
  return {
    async check(credential, task) {
      const ticket = credential.startsWith(TICKET_PREFIX);
      const response = ticket
        ? await call(`${base}/api/auth/session-tickets/redeem`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', accept: 'application/json', ...(options.authorization && { authorization: options.authorization }) },
          body: JSON.stringify({ ticket: credential, processInstanceId: task.processInstanceId, externalTaskId: task.externalTaskId }),
        })
        : await call(`${base}/api/auth/me`, { headers: { authorization: `Bearer ${credential}`, accept: 'application/json' } });
      // For a ticket, 401/403 is the worker's own credential refused: a configuration fault, not the applicant's.
      if (!ticket && (response.status === 401 || response.status === 403)) return null;
      if (!response.ok) throw new SessionServiceUnavailableError(`Couldn't check the session, the server answered HTTP ${response.status}`);
      const body = (await response.json()) as { valid?: boolean; user?: { id?: string; kind?: string }; groups?: string[]; tenants?: string[] };
      if (ticket && body.valid === false) return null;
      if (!body.user?.id) throw new SessionServiceUnavailableError("Couldn't check the session, the answer has no user");
      return { userId: body.user.id, kind: body.user.kind ?? '', groups: body.groups ?? [], tenants: body.tenants ?? [] };
    },
  };
}

export interface Deps { sessions: SessionChecker }

/** What was wrong with the session, in the language of the refusal it ends (процесс 2 is written in one language). */
export const REFUSAL_REASONS = {
  noSession: { ru: 'вход в систему не выполнен (нет сеанса)', kk: 'жүйеге кіру орындалмаған (сеанс жоқ)' },
  invalidSession: { ru: 'сеанс входа недействителен, истёк или учётная запись заблокирована', kk: 'кіру сеансы жарамсыз, мерзімі өткен немесе есептік жазба бұғатталған' },
  wrongRole: { ru: 'пользователь не зарегистрирован в этой системе для данной роли', kk: 'пайдаланушы осы жүйеде бұл рөл үшін тіркелмеген' },
  wrongAkimat: { ru: 'пользователь не зарегистрирован в этом акимате', kk: 'пайдаланушы осы әкімдікте тіркелмеген' },
  otherUser: { ru: 'сеанс входа принадлежит другому пользователю', kk: 'кіру сеансы басқа пайдаланушыға тиесілі' },
} as const satisfies Record<string, Record<'ru' | 'kk', string>>;

export const handler = ({ sessions }: Deps) => async (task: TaskInput): Promise<Outcome> => {
  const channel = channelOf(task);
  const system = task.properties.system ?? '';
  const language = task.properties['reglament:language'] === 'kk' || task.variables.language === 'kk' ? 'kk' : 'ru';
  // The bearer token is consumed here: it must not stay in the process's variables (or its history) afterwards.
  const refuse = (reason: keyof typeof REFUSAL_REASONS): Outcome =>
    complete({ authorized: false, authRefusal: refusalMessage(language, channel, system, REFUSAL_REASONS[reason][language]), authorizedUser: null, authSession: null });
  const token = task.variables.authSession;
  if (typeof token !== 'string' || token.trim() === '' || token.length > 4096) return refuse('noSession');
  let session: SessionInfo | null;
  try {
    session = await sessions.check(token.trim(), { processInstanceId: task.processInstanceId, externalTaskId: task.id });
  } catch (err) {
    if (err instanceof SessionServiceUnavailableError) return failure(err.message);
    throw err;
  }
  if (!session) return refuse('invalidSession');
  const group = CHANNEL_GROUP[channel];
  if (!session.groups.includes(group)) return refuse('wrongRole');
  if (task.tenantId && !session.tenants.includes(task.tenantId)) return refuse('wrongAkimat');
  // On the portal the applicant starts the process themself: the session must be the initiator's.
  if (channel === 'portal' && typeof task.variables.initiator === 'string' && task.variables.initiator !== session.userId) {
    return refuse('otherUser');
  }
  return complete({ authorized: true, authRefusal: null, authorizedUser: session.userId, authSession: null });
};

export { serverBaseOf } from './services.js';

export const fromContext = (ctx: WorkerContext) =>
  handler({ sessions: httpSessionChecker(ctx.env.REGLAMENT_API_URL ?? serverBaseOf(ctx.engineRestUrl), { authorization: ctx.authorization }) });
