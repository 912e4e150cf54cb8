// The manifests of the Semey bundles: the act's identity and validity, routes, forms, outputs and the decisions taken.
import { actionOf, serviceAct } from './act-lookup.js';
import type { SemeyRoute } from './act-text.js';
import type { ServiceSpec } from './service-spec.js';

export interface Decision {
  topic: string;
  decision: string;
  reason: string;
  source: string;
}

export interface Manifest {
  tenant: 'semey';
  service: string;
  serviceCode: string;
  title: { ru: string; kk: string };
  act: {
    issuer: string;
    number: string;
    date: string;
    justiceRegistration: { number: string; date: string };
    standard: string;
    language: 'ru';
    regulation: string;
  };
  validity: { from: string; to: string; repealedBy: string };
  languages: Array<'ru' | 'kk'>;
  routes: Partial<Record<SemeyRoute, string>>;
  forms: string[];
  outputs: string[];
  decisions: Decision[];
  steps: Partial<Record<SemeyRoute, ManifestStep[]>>;
}

/** A numbered step of a route with its table action and limit (manifest `steps`, read by the linter and traceability). */
export interface ManifestStep {
  step: string;
  text: string;
  action?: string;
  limit?: { text: string; duration: string; calendar: 'calendar' | 'kz-working-days' };
}

/**
 * The act's steps per route. Table action n is процесс n on every route of this act (actions 1–5; the tables
 * are cut after action 5), except action 1 of the ПЭП route («Авторизуется на ПЭП»): процесс 1 is the start
 * event, so the row and its limit sit on условие 1, the check that carries the timer.
 */
function stepsOf(spec: ServiceSpec): Partial<Record<SemeyRoute, ManifestStep[]>> {
  const act = serviceAct(spec.service);
  const out: Partial<Record<SemeyRoute, ManifestStep[]>> = {};
  for (const route of spec.routes) {
    const table = act.tables[route];
    out[route] = (act.routes[route]?.steps ?? []).map((step) => {
      const n = route === 'portal' && step.step === 'условие 1' ? '1' : route === 'portal' && step.step === 'процесс 1' ? undefined : /^процесс (\d)$/u.exec(step.step)?.[1];
      const row = n && table?.actions.some((action) => action.n === Number(n)) ? actionOf(spec.service, route, Number(n), spec.limitOverrides) : undefined;
      const entry: ManifestStep = { step: step.step, text: step.text };
      if (row) entry.action = row.ref;
      if (row?.limit) entry.limit = { text: row.limit.text, duration: row.limit.duration, calendar: 'calendar' };
      return entry;
    });
  }
  return out;
}

const ISSUER = 'Акимат города Семей Восточно-Казахстанской области';
const REPEALED_BY = 'Постановление акимата города Семей Восточно-Казахстанской области от 22 мая 2013 года № 806';

const STANDARD_394 =
  'утвержденного постановлением Правительства Республики Казахстан от 7 апреля 2011 года № 394 «Об утверждении стандартов государственных услуг в сфере социальной защиты, оказываемых местными исполнительными органами»';
const STANDARD_1119 =
  'утвержденного постановлением Правительства Республики Казахстан от 31 августа 2012 года № 1119 «Об утверждении стандартов государственных услуг, оказываемых Министерством образования и науки Республики Казахстан, местными исполнительными органами в сфере образования и науки»';

/** Per service: its item in clause 1 of the resolution, the standard it implements, and its own decisions. */
const SERVICE_FACTS: Record<string, { item: number; standard: string; decisions: Decision[] }> = {
  'unemployed-certificate': {
    item: 1,
    standard: `Стандарт государственной услуги «Выдача справок безработным гражданам», ${STANDARD_394}`,
    decisions: [
      {
        topic: 'ЕНИС on the ЦОН route',
        decision: 'The ЦОН route asks only ГБД ФЛ; no power of attorney, no ЕНИС lookup.',
        reason: 'The numbered steps of route C (п. 8) and the СФЕ list (п. 12) have no ЕНИС; only Таблица 3 names «ГБД ФЛ, ЕНИС». The steps are the operative text.',
        source: 'spec §2.2 notes, §12 I-04',
      },
      {
        topic: 'Таблица 1, действие 5 limit',
        decision: 'PT1M: «30 секунда минута» read as «30 секунд – 1 минута».',
        reason: 'The cell is cut off in the source; action 1 of the same table and action 5 of Таблица 3 use the same range; ranges use the upper bound.',
        source: 'spec §2.3, §12 I-07',
      },
      {
        topic: 'Block «Начальник отдела / Маман / Специалист / Дата подачи заявления»',
        decision: 'Treated as the provider\u2019s processing data, not as applicant input; the application form asks only the period and the addressee.',
        reason: 'Its role between the application and the outputs is ambiguous.',
        source: 'spec §2.5, §12 I-24',
      },
    ],
  },
  'disabled-children-home-education': {
    item: 2,
    standard: `Стандарт государственной услуги «Оформление документов для материального обеспечения детей-инвалидов, обучающихся и воспитывающихся на дому», ${STANDARD_394}`,
    decisions: [
      {
        topic: 'Commission conclusion',
        decision: 'The provider\u2019s review task (условие 2/3) records the commission\u2019s conclusion: amount, period and the quarterly payment schedule that the output needs; the commission itself is not a separate step.',
        reason: 'The negative output is drawn up «при формировании заключения комиссии» and the positive output carries an amount, a period and a schedule, but no step names the commission.',
        source: 'spec §3.2 notes, §3.6, §12 I-09',
      },
      {
        topic: 'Result',
        decision: 'Output form disabled-children-home-education-decision (notice that support is granted).',
        reason: 'The steps call the result «уведомление об оформлении документов»; the form is a notice «о назначении материального обеспечения».',
        source: 'spec §3.6, §12 I-09',
      },
      {
        topic: 'Таблица 2, действие 5 limit',
        decision: 'PT1M: «30 секунда» (cut off) read as «30 секунд – 1 минута».',
        reason: 'The cell is truncated; the same action reads «30 секунд – 1 минута» in S1 and S3.',
        source: 'spec §3.3',
      },
      {
        topic: 'Routes',
        decision: 'Only provider and portal routes; ИС ЦОН and ЕНИС definitions are unused.',
        reason: 'The act describes no ЦОН route for this service.',
        source: 'spec §3.1, §12 I-10',
      },
    ],
  },
  'preschool-queue': {
    item: 3,
    standard: `Стандарт государственной услуги «Постановка на очередь детей дошкольного возраста (до 7 лет) для направления в детские дошкольные организации», ${STANDARD_1119}`,
    decisions: [
      {
        topic: 'Direction or queue notice',
        decision: "The provider\u2019s review completes with decision 'direction' (a place is available: НАПРАВЛЕНИЕ with the ДДО number and address), 'queue' (queue-assign with queue=preschool, then Уведомление о регистрации ребенка) or 'refusal'.",
        reason: 'Процесс 8/9 gives «направление в ДДО либо уведомление о постановке на очередь» without a criterion; the choice is the provider\u2019s.',
        source: 'spec §4.2 notes, §12 I-12',
      },
      {
        topic: 'Several providers',
        decision: 'All providers of the city (Отдел образования, аппараты акимов поселков и сельских округов) work in the tenant\u2019s provider-specialist group; routing by place of residence is not modelled.',
        reason: 'The act names several providers but no rule that assigns a request to one of them.',
        source: 'spec §4.1, §4.2 notes',
      },
      {
        topic: 'Application form',
        decision: 'The application fields are derived from the output forms (parent, child, birth date, home address) plus the child\u2019s IIN the queue needs.',
        reason: 'The act reproduces no application form for this service.',
        source: 'spec §4.5, §12 I-11',
      },
      {
        topic: 'Form ids',
        decision: 'The forms of this bundle are named preschool-queue-semey-<purpose>.',
        reason: 'Forms are global (forms/<id>.form) and the Zhambyl bundle of seed 000 has the same service id preschool-queue.',
        source: 'docs/conventions.md (Tenants, bundles, keys)',
      },
      {
        topic: 'Signature and seal on the outputs',
        decision: 'The e-document is signed with the authorised person\u2019s ЭЦП by the documents worker; «подпись, печать» is not asked for.',
        reason: 'The steps say the e-document is formed with the ЭЦП of the authorised person; the templates keep a paper artefact.',
        source: 'spec §4.6, §12 I-11',
      },
    ],
  },
  'minors-deposits-certificate': {
    item: 4,
    standard: `Стандарт государственной услуги «Выдача справок в пенсионные фонды, банки для распоряжения вкладами несовершеннолетних детей, в территориальные подразделения Комитета дорожной полиции Министерства внутренних дел Республики Казахстан для оформления наследства несовершеннолетним детям», ${STANDARD_1119}`,
    decisions: [
      {
        topic: 'Three addressees',
        decision: "The application chooses variant = 'pension-fund' | 'bank' | 'road-police' (the variable the certificate template reads); a gateway after the review picks document-generate with form minors-deposits-certificate and property variant of the same value.",
        reason: 'Each addressee has its own application text and certificate template.',
        source: 'spec §5.2 notes, §5.5, §5.6',
      },
      {
        topic: 'Road police certificate',
        decision: 'The road-police variant is a permission for a transaction with a vehicle owned by the minors; the applicant names the unit and the vehicle, the МИО enters the permitted action (transaction) at the review.',
        reason: 'The title says «для оформления наследства», the form and certificate concern «сделки в отношении транспортного средства»; the certificate text is garbled.',
        source: 'spec §5.6, §12 I-14',
      },
      {
        topic: 'Children\u2019s consent and parents\u2019 signatures',
        decision: 'Children over 10 confirm consent in the list of children; signatures that one ЭЦП cannot carry come as scanned attachments.',
        reason: 'The forms demand consents and signatures that a single-ЭЦП portal request cannot carry.',
        source: 'spec §5.5, §12 I-15',
      },
    ],
  },
  'guardianship-property-deal-certificate': {
    item: 5,
    standard: `Стандарт государственной услуги «Выдача справок органов, осуществляющих функции по опеке или попечительству для оформления сделок с имуществом, принадлежащим на праве собственности несовершеннолетним детям», ${STANDARD_1119}`,
    decisions: [
      {
        topic: 'Таблица 2, действия 4–5 limits',
        decision: 'Action 4 gets «1 минуты» (PT1M) as printed in its column; action 5 has no limit and no timer.',
        reason: 'The row has only four values; the fifth is lost. The literal position is kept rather than guessing by analogy with S4 (1,5 минуты / 1 минута).',
        source: 'spec §6.3, §12 I-08',
      },
      {
        topic: 'Both spouses, handwritten commitments',
        decision: 'The application has both parents\u2019 data; the handwritten phrase and both spouses\u2019 signatures are a required scanned attachment.',
        reason: 'A single ЭЦП on ПЭП cannot carry both signatures, the children\u2019s consent and handwriting.',
        source: 'spec §6.5, §12 I-15',
      },
      {
        topic: 'Issuer name',
        decision: 'The certificate is issued in the name of the provider, «Отдел образования города Семей».',
        reason: 'The template names «Районный отдел образования».',
        source: 'spec §6.6, §12 I-16',
      },
    ],
  },
  'guardianship-certificate': {
    item: 6,
    standard: `Стандарт государственной услуги «Выдача справок по опеке и попечительству», ${STANDARD_1119}`,
    decisions: [
      {
        topic: 'Электронный реестр по опеке и попечительству',
        decision: 'Before the МИО\u2019s review, guardianship-register-lookup searches the register; when no record is found, the МИО confirms the refusal in a form that sets the fixed reason «запись не найдена в Электронном реестре по опеке и попечительству», and the refusal letter is generated with it (процесс 8 on the ЦОН route, процесс 7 on ПЭП).',
        reason: 'The act\u2019s refusal template depends on the register, which no step and no СФЕ list names.',
        source: 'spec §7.2 notes, §7.5, §7.6, §12 I-18',
      },
      {
        topic: 'Таблица 1, действие 2 limit',
        decision: 'PT30S: «30 секунда» read as 30 seconds.',
        reason: 'A typo of the same cell that reads «30 секунд» in the other tables.',
        source: 'spec §7.3 (table notes), §1.3',
      },
      {
        topic: 'Duplicated fragment in step 12)',
        decision: 'The fragment of the ПЭП registration pre-step repeated at the end of процесс 8 is not modelled.',
        reason: 'Copy-paste artefact.',
        source: 'spec §7.2 notes, §12 I-17',
      },
      {
        topic: 'Application form',
        decision: 'Application fields are derived from the output: guardian, city, ward\u2019s name, IIN and birth date.',
        reason: 'The act reproduces no application form for this service.',
        source: 'spec §7.5',
      },
    ],
  },
  'housing-queue': {
    item: 7,
    standard:
      'Стандарт государственной услуги «Постановка на учет и очередьность граждан, нуждающихся в жилище из государственного жилищного фонда или жилище, арендованном местным исполнительным органом в частном жилищном фонде», утвержденный постановлением Правительства Республики Казахстан от 8 февраля 2010 года № 76',
    decisions: [
      {
        topic: 'Housing commission',
        decision: "The provider\u2019s review completes with decision 'queue' (with the commission\u2019s decision date, the category and the family size) or 'refusal'; then queue-assign with queue=housing gives the queue number of the category for the notice.",
        reason: 'The notice says «решением жилищной комиссии … по категории … Ваша очередь №», none of which is a step.',
        source: 'spec §8.2 notes, §8.6',
      },
      {
        topic: 'Categories',
        decision: 'housingCategory is one of: socially-protected, public-servants, emergency-housing (the groups of art. 67 of the Law «О жилищных отношениях»).',
        reason: 'The act leaves «по категории «___»» blank.',
        source: 'spec §8.5, §8.6',
      },
      {
        topic: 'Таблица 3, действие 5',
        decision: 'No limit, no timer on процесс 5 of the ПЭП route.',
        reason: 'The row has four values; action 5\u2019s cells are lost.',
        source: 'spec §8.3, §12 I-08',
      },
      {
        topic: 'Application form and questionnaire',
        decision: 'Application fields are derived from the outputs (applicant, address, phone, family size, category); the questionnaire is assumed identical to the other services and is not part of the process.',
        reason: 'No application form in the act; the file ends in the middle of the questionnaire.',
        source: 'spec §8.5, §8.7, §12 I-19',
      },
    ],
  },
};

/** Decisions every Semey bundle shares. */
function commonDecisions(spec: ServiceSpec): Decision[] {
  const decisions: Decision[] = [
    {
      topic: 'In force from',
      decision: 'validity.from = 2013-02-08, the earliest day the resolution could enter into force.',
      reason: 'Clause 3: in force «по истечении десяти календарных дней после дня его первого официального опубликования»; the publication date is not in the source. An act is published no earlier than its justice registration (28.01.2013), so 10 calendar days after 28.01.2013.',
      source: 'spec §0.1 (clause 3, registration)',
    },
    {
      topic: 'Lost force on',
      decision: 'validity.to = 2013-05-22, the date of the repealing resolution № 806.',
      reason: 'The source gives the repealing act and its date, not the day it took effect.',
      source: 'spec §0.1 (status)',
    },
    {
      topic: 'Service code',
      decision: `serviceCode = "1868-${SERVICE_FACTS[spec.service]!.item}": the resolution number and the item of clause 1 that approves this регламент.`,
      reason: 'The act gives no registry code for its services.',
      source: 'spec §0.1 (operative clause 1)',
    },
    {
      topic: 'Kazakh title',
      decision: 'title.kk is the project\u2019s translation.',
      reason: 'The act is published in Russian only; its Kazakh passages are OCR-garbled output labels.',
      source: 'spec §0.3-3',
    },
    {
      topic: 'Truncated action tables',
      decision: 'Timers only on actions 1–5; registration, review, refusal and result (actions 6+) have no timer, and no overall service term is invented.',
      reason: 'All 17 tables are cut after action 5 and the act gives no total term (it lives in the Standard).',
      source: 'spec §0.3-1, §0.4, §12 I-01',
    },
    {
      topic: 'Time limits',
      decision: 'Every limit is a non-interrupting boundary timer in calendar time with the upper bound of its range («10–15 секунд» → PT15S, «30 секунд – 1 минута» → PT1M, «1,5 минуты» → PT1M30S); a breach escalates to the supervisor and the step goes on.',
      reason: 'The limits are seconds and minutes, not working days; the act says nothing about a breach.',
      source: 'spec §1.3, docs/conventions.md (Time limits)',
    },
    {
      topic: '«Форма завершения» milestones',
      decision: 'The request number is assigned at the registration in АРМ РШЭП (register-request), not at the authorization action whose row names «Регистрация запроса … с присвоением номера заявлению».',
      reason: 'The completion forms do not match their actions (authorization cannot register a request that does not exist yet).',
      source: 'spec §1.3, §12 I-03',
    },
    {
      topic: 'Pre-submission refusals',
      decision: 'Each refusal message (процесс 2, 4 of ПЭП; процесс 4 of routes B/C) is a status-notify task carrying the table\u2019s limit, followed by a refusal end event; post-review refusals are a free-form refusal letter (document-generate form refusal) and a status notification.',
      reason: 'A limit needs an activity to carry its timer; the act distinguishes screen messages from the reasoned refusal letter.',
      source: 'spec §1.3, §1.4 (negative output), §11.17',
    },
    {
      topic: 'Result signature',
      decision: 'The output is generated and signed with the ЭЦП of the provider\u2019s authorised person by document-generate; there is no separate signing task. On the ЦОН route the same signed document goes via ШЭП to ИС ЦОН and the operator hands it over.',
      reason: '«Электронный документ формируется с использованием ЭЦП уполномоченного лица»; route C does not repeat it.',
      source: 'spec §1.1, §12 I-20',
    },
    {
      topic: 'Statuses',
      decision: 'status-notify sends received (after registration), refused and completed; the term-extension notification has no trigger in the steps and is not modelled.',
      reason: 'The act names no status values; §1.5 derives them.',
      source: 'spec §1.5',
    },
    {
      topic: 'Questionnaire',
      decision: 'The quality questionnaire (2 questions × 3 answers) is not a process step.',
      reason: 'It is filled after the service, outside the routes.',
      source: 'spec §2.7, §9.1 C20',
    },
  ];
  if (spec.routes.includes('portal')) {
    decisions.push(
      {
        topic: 'ПЭП registration pre-step',
        decision: 'Not modelled: the portal registers the account before a request starts.',
        reason: 'The unnumbered pre-step applies only to consumers not yet registered and precedes процесс 1.',
        source: 'spec §1.1, §11.2',
      },
      {
        topic: 'ПЭП процесс 1 / условие 1',
        decision: 'процесс 1 (entering IIN and password) is the start event with the initiator; условие 1 is the authorize task (system ПЭП) plus its gateway and carries the limit of action 1.',
        reason: 'Action 1 of the ПЭП table covers процесс 1 and условие 1 and needs an activity for its timer.',
        source: 'spec §2.2 (route A), §1.3',
      },
      {
        topic: 'ПЭП signing',
        decision: 'The consumer chooses the certificate and signs at процесс 3; условие 2 verifies the signed request (eds-verify-signature, signerRole applicant); процесс 5 is the routing via ШЭП to АРМ РШЭП (shep-send).',
        reason: 'The act checks the certificate (условие 2) before it says the request is signed (процесс 5); a certificate check needs the signed request.',
        source: 'spec §1.1, §11.3',
      },
    );
  }
  if (spec.routes.includes('provider') || spec.routes.includes('con')) {
    decisions.push(
      {
        topic: 'Staff authorization failure',
        decision: 'An unregulated gateway after процесс 1 ends the instance when the employee\u2019s or operator\u2019s sign-in is not confirmed.',
        reason: 'The act gives staff authorization no failure branch.',
        source: 'spec §11.27, §12 I-21',
      },
      {
        topic: 'Staff ЭЦП',
        decision: 'The employee\u2019s or operator\u2019s ЭЦП on the request form (процесс 5) is not checked by a separate element.',
        reason: 'The act validates only the consumer\u2019s certificate on ПЭП.',
        source: 'spec §11.3',
      },
    );
  }
  if (spec.routes.includes('provider')) {
    decisions.push({
      topic: 'Delivery on the provider route',
      decision: "document-deliver with channel 'hand': the provider hands the result over.",
      reason: 'The act does not state the delivery channel of route B.',
      source: 'spec §1.1, §11.21',
    });
  }
  if (spec.routes.includes('con') && spec.powerOfAttorney) {
    decisions.push({
      topic: 'Power of attorney on the ЦОН route',
      decision: 'The operator marks powerOfAttorneyNotarized; only then are the representative\u2019s data entered and ЕНИС asked (enis-power-of-attorney); a missing record ends the request with процесс 4.',
      reason: '«при нотариально удостоверенной доверенности, при ином удостоверении доверенности-данные доверенности не заполняются».',
      source: 'spec §11.5',
    });
  }
  if (spec.reviewerLane === 'МИО') {
    decisions.push({
      topic: 'МИО lane',
      decision: 'A lane «МИО» holds the review although the СФЕ list omits it.',
      reason: 'The МИО performs условие 2/3 and signs.',
      source: 'spec §12 I-13',
    });
  }
  return decisions;
}

const TITLE_NOTE = 'Регламент электронной государственной услуги';

export function manifestOf(spec: ServiceSpec, forms: string[]): Manifest {
  const facts = SERVICE_FACTS[spec.service];
  if (!facts) throw new Error(`No manifest facts for Semey service '${spec.service}'`);
  const routes: Partial<Record<SemeyRoute, string>> = {};
  for (const route of spec.routes) routes[route] = `${route}.bpmn`;
  return {
    tenant: 'semey',
    service: spec.service,
    serviceCode: `1868-${facts.item}`,
    title: spec.title,
    act: {
      issuer: ISSUER,
      number: '1868',
      date: '2012-12-28',
      justiceRegistration: { number: '2864', date: '2013-01-28' },
      standard: facts.standard,
      language: 'ru',
      regulation: `${TITLE_NOTE} «${spec.title.ru}», утвержден постановлением акимата города Семей от 28 декабря 2012 года № 1868`,
    },
    validity: { from: '2013-02-08', to: '2013-05-22', repealedBy: REPEALED_BY },
    languages: ['ru', 'kk'],
    routes,
    forms,
    outputs: spec.outputs,
    decisions: [...commonDecisions(spec), ...facts.decisions],
    steps: stepsOf(spec),
  };
}
