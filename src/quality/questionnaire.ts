// The анкета «качество» и «доступность» of every act (spec-kindergarten §8, spec-semey §x.7): two questions, three answers,
// offered once the result is given, one answer per request.
import type { Knex } from 'knex';
import { InvalidRequestError, NotFoundError, OptimisticLockingError } from '../errors.js';
import { FINAL_STATUSES, type RequestStatus } from '../registry/statuses.js';
import { isUniqueViolation } from '../registry/sequence.js';

export const QUESTIONNAIRE = {
  title: {
    ru: 'Форма анкеты для определения показателей электронной государственной услуги: «качество» и «доступность»',
    kk: '«Сапа» және «қол жетімділік» электрондық мемлекеттік қызмет көрсеткіштерін анықтау үшін сауалнама үлгісі',
  },
  questions: [
    {
      id: 'processSatisfaction',
      ru: 'Удовлетворены ли Вы качеством процесса и результатом оказания электронной государственной услуги?',
      kk: 'Сіз электрондық мемлекеттік қызмет көрсету процессінің сапасы мен нәтижесіне қанағаттанасыз ба?',
    },
    {
      id: 'informationSatisfaction',
      ru: 'Удовлетворены ли Вы качеством информации о порядке оказания электронной государственной услуги?',
      kk: 'Сіз электрондық мемлекеттік қызмет көрсету тәртібі туралы ақпарат сапасына қанағаттанасыз ба?',
    },
  ],
  options: [
    { value: 1, ru: 'не удовлетворен', kk: 'қанағаттанбаймын' },
    { value: 2, ru: 'частично удовлетворен', kk: 'жартылай қанағаттанамын' },
    { value: 3, ru: 'удовлетворен', kk: 'қанағаттанамын' },
  ],
} as const;

export interface QuestionnaireAnswer {
  processSatisfaction: number;
  informationSatisfaction: number;
  lang: 'ru' | 'kk';
}

export interface QuestionnaireState {
  requestNumber: string;
  /** the result has been given, so the анкета is offered */
  offered: boolean;
  answered: boolean;
  answer: (QuestionnaireAnswer & { answeredAt: string }) | null;
  questionnaire: typeof QUESTIONNAIRE;
}

export async function questionnaireState(db: Knex, requestNumber: string): Promise<QuestionnaireState> {
  const req = await db('registry_request').where({ number: requestNumber }).first('id', 'status');
  if (!req) throw new NotFoundError(`Request '${requestNumber}' not found`);
  const row = await db('quality_answer').where({ request_id: req.id }).first();
  return {
    requestNumber,
    offered: FINAL_STATUSES.has(req.status as RequestStatus),
    answered: Boolean(row),
    answer: row ? { processSatisfaction: row.process_satisfaction, informationSatisfaction: row.information_satisfaction, lang: row.lang, answeredAt: new Date(Number(row.answered_at)).toISOString() } : null,
    questionnaire: QUESTIONNAIRE,
  };
}

function checkAnswer(answer: QuestionnaireAnswer): void {
  for (const key of ['processSatisfaction', 'informationSatisfaction'] as const) {
    if (![1, 2, 3].includes(answer[key])) throw new InvalidRequestError(`Cannot record the questionnaire: ${key} must be 1, 2 or 3`);
  }
  if (answer.lang !== 'ru' && answer.lang !== 'kk') throw new InvalidRequestError('Cannot record the questionnaire: lang must be ru or kk');
}

/** Records the one answer of a request; before the result → 400, a second answer → 409. */
export async function answerQuestionnaire(db: Knex, requestNumber: string, answer: QuestionnaireAnswer, now = new Date()): Promise<void> {
  checkAnswer(answer);
  const req = await db('registry_request').where({ number: requestNumber }).first();
  if (!req) throw new NotFoundError(`Request '${requestNumber}' not found`);
  if (!FINAL_STATUSES.has(req.status as RequestStatus)) {
    throw new InvalidRequestError(`Cannot record the questionnaire of request '${requestNumber}': it is offered after the result`);
  }
  try {
    await db('quality_answer').insert({
      request_id: req.id, tenant_id: req.tenant_id, service: req.service, route: req.route,
      process_satisfaction: answer.processSatisfaction, information_satisfaction: answer.informationSatisfaction,
      lang: answer.lang, answered_at: now.getTime(),
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw new OptimisticLockingError(`The questionnaire of request '${requestNumber}' has already been answered`);
    throw err;
  }
}
