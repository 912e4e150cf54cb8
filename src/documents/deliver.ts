// Delivery of a stored document as the acts say: into the applicant's cabinet on the portal («передается в личный
// кабинет»), by e-mail with the PDF attached («посредством отправки на электронную почту»), or by hand («нарочно»).
// One delivery per idempotency key: a retried task does not deliver twice (e-mail: at least once, same Message-ID).
import nodemailer, { type Transporter } from 'nodemailer';
import type { Knex } from 'knex';
import { InvalidRequestError, NotFoundError } from '../errors.js';
import { findById, findDelivery, insertDelivery, type DeliveryChannel, type DeliveryRow } from './store.js';
import { formatCode } from './verification-code.js';

export interface MailConfig {
  /** smtp://user:pass@host:port or smtps://… */
  url: string;
  from: string;
}

export interface DeliveryDeps {
  db: Knex;
  mail?: MailConfig;
  /** Base of the verification link printed in the e-mail. */
  verifyBaseUrl: string;
  clock?: () => Date;
}

export interface DeliverInput {
  documentId: string;
  channel: DeliveryChannel;
  email?: string;
  idempotencyKey: string;
}

const CHANNELS: readonly DeliveryChannel[] = ['cabinet', 'email', 'hand'];
const EMAIL = /^[^\s@<>()",;]{1,64}@[A-Za-z0-9.-]{1,253}\.[A-Za-z]{2,}$/;

const transports = new Map<string, Transporter>();
function transport(url: string): Transporter {
  let t = transports.get(url);
  if (!t) { t = nodemailer.createTransport(url); transports.set(url, t); }
  return t;
}

export function mailConfigFromEnv(env: Record<string, string | undefined>): MailConfig | undefined {
  if (!env.REGLAMENT_SMTP_URL) return undefined;
  return { url: env.REGLAMENT_SMTP_URL, from: env.REGLAMENT_SMTP_FROM ?? 'reglament <no-reply@reglament.local>' };
}

export async function deliverDocument(deps: DeliveryDeps, input: DeliverInput): Promise<DeliveryRow> {
  if (!CHANNELS.includes(input.channel)) throw new InvalidRequestError(`Unknown delivery channel '${String(input.channel).slice(0, 20)}': use cabinet, email or hand`);
  const done = await findDelivery(deps.db, input.idempotencyKey);
  if (done) return done;
  const doc = await findById(deps.db, input.documentId);
  if (!doc) throw new NotFoundError(`Cannot deliver document '${String(input.documentId).slice(0, 36)}': no such document`);
  const now = deps.clock?.() ?? new Date();
  let messageId: string | null = null;
  let recipient: string | null = null;
  if (input.channel === 'email') {
    if (!deps.mail) throw new InvalidRequestError('Cannot deliver by e-mail: no SMTP server is configured (REGLAMENT_SMTP_URL)');
    if (!input.email || !EMAIL.test(input.email)) throw new InvalidRequestError("Cannot deliver by e-mail: variable 'applicantEmail' is missing or not an e-mail address");
    recipient = input.email;
    const title = doc.title?.[doc.lang] ?? doc.form;
    const link = `${deps.verifyBaseUrl.replace(/\/?$/, '/')}${doc.verificationCode}`;
    const text = doc.lang === 'kk'
      ? `Мемлекеттік қызмет көрсету нәтижесі: ${title}.\nӨтініш нөмірі: ${doc.requestNumber}.\nҚұжат тіркелген PDF файлында. Түпнұсқалығын тексеру: ${link} (тексеру коды ${formatCode(doc.verificationCode)}).`
      : `Результат оказания государственной услуги: ${title}.\nНомер заявления: ${doc.requestNumber}.\nДокумент во вложении (PDF). Проверка подлинности: ${link} (код проверки ${formatCode(doc.verificationCode)}).`;
    // The same Message-ID on a resend lets the recipient's server drop the duplicate.
    const info = await transport(deps.mail.url).sendMail({
      from: deps.mail.from,
      to: recipient,
      subject: `${title} — № ${doc.requestNumber}`,
      text,
      messageId: `<${input.idempotencyKey.replace(/[^A-Za-z0-9.-]/g, '.')}@reglament>`,
      attachments: [{ filename: `${doc.form}-${doc.requestNumber.replace(/[^A-Za-z0-9-]/g, '_')}.pdf`, content: doc.pdf, contentType: 'application/pdf' }],
    }).catch((err: { code?: string; responseCode?: number }) => {
      // SMTP errors quote the recipient's address: say what failed without it; the runner retries.
      throw new Error(`Couldn't send document '${doc.id}' by e-mail: SMTP ${err.code ?? 'error'}${err.responseCode ? ` ${err.responseCode}` : ''}`);
    });
    messageId = String(info.messageId ?? '');
  }
  const status = input.channel === 'cabinet' ? 'available' : input.channel === 'email' ? 'sent' : 'handed-over';
  try {
    return await insertDelivery(deps.db, {
      documentId: doc.id, channel: input.channel, status, recipient, messageId, idempotencyKey: input.idempotencyKey,
      createdAt: now, deliveredAt: now,
    });
  } catch (err) {
    const again = await findDelivery(deps.db, input.idempotencyKey);
    if (again) return again;
    throw err;
  }
}
