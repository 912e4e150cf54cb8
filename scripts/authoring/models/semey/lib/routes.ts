// The three route templates of the Semey act (через ПЭП, через услугодателя, через Центр), filled per service.
import type { BundleModel, Limit, RouteModel, RouteNode } from '../../../route-model.js';
import { actionOf, stepText } from './act-lookup.js';
import type { SemeyRoute } from './act-text.js';
import type { ResultContext, ServiceSpec } from './service-spec.js';

const ROUTE_TITLE: Record<SemeyRoute, string> = {
  provider: 'через услугодателя',
  con: 'через Центр обслуживания населения',
  portal: 'через ПЭП',
};

/** The act's refusal wordings, passed to status-notify as the text shown to the applicant or operator. */
export const REFUSAL_TEXT = {
  authorization: 'отказ в авторизации в связи с имеющимися нарушениями в данных потребителя',
  signature: 'отказ в запрашиваемой услуге в связи с не подтверждением подлинности ЭЦП потребителя',
  person: 'невозможность получения данных в связи с отсутствием данных потребителя в ГБД ФЛ',
  powerOfAttorney: 'невозможность получения данных в связи с отсутствием данных доверенности в ЕНИС',
  documents: 'отказ в запрашиваемой услуге в связи с имеющимися нарушениями в документах потребителя',
} as const;

/** Why the staff sign-in has a failure branch the act does not give it (spec §11.27, I-21). */
const NOT_IN_ACT_STAFF_AUTH =
  'Авторизация сотрудника (процесс 1) в регламенте не имеет ветви отказа (I-21); неподтвержденный вход завершает экземпляр, решение в manifest.json.';

function withLimit<T extends object>(node: T, limit: Limit | undefined): T {
  return limit ? { ...node, limit } : node;
}

class RouteBuilder {
  readonly nodes: RouteNode[] = [];
  constructor(readonly spec: ServiceSpec, readonly route: SemeyRoute) {}

  text(step: string): string {
    return stepText(this.spec.service, this.route, step);
  }

  action(n: number) {
    return actionOf(this.spec.service, this.route, n, this.spec.limitOverrides);
  }

  add(...nodes: RouteNode[]): void {
    this.nodes.push(...nodes);
  }

  /** A refusal message of a pre-submission check: status-notify with its limit, then the refusal end. */
  refusal(options: { id: string; step: string; action?: number; name: string; endName: string; reason: string; lane: string; endLane: string }): void {
    const action = options.action === undefined ? undefined : this.action(options.action);
    this.add(
      withLimit(
        {
          kind: 'externalTask' as const,
          id: options.id,
          name: `${options.step} — ${options.name}`,
          lane: options.lane,
          topic: 'status-notify',
          step: options.step,
          ...(action ? { action: action.ref } : {}),
          documentation: this.text(options.step),
          properties: { status: 'refused', refusalReason: options.reason },
          next: `${options.id}-end`,
        },
        action?.limit,
      ),
      {
        kind: 'end',
        id: `${options.id}-end`,
        name: `${options.step} — ${options.endName}`,
        lane: options.endLane,
        step: options.step,
        documentation: this.text(options.step),
        outcome: 'refusal',
      },
    );
  }

  /** Registration in АРМ РШЭП, the optional pre-review checks, the review and its outcomes. */
  registrationAndReview(options: {
    registerStep: string;
    reviewStep: string;
    refusalStep: string;
    resultStep: string;
    lanes: { provider: string; rshep: string; refusalEnd: string };
    deliverId: string;
  }): void {
    const { spec } = this;
    const reviewerName = spec.reviewerLane === 'МИО' ? 'МИО' : 'услугодателем';
    const ctx: ResultContext = {
      route: this.route,
      lanes: options.lanes,
      deliverId: options.deliverId,
      refusalId: 'generate-refusal',
      reviewStep: options.reviewStep,
      resultStep: options.resultStep,
      resultText: this.text(options.resultStep),
      refusalStep: options.refusalStep,
      reviewText: this.text(options.reviewStep),
      refusalText: this.text(options.refusalStep),
    };
    const before = spec.beforeReview?.({ ...ctx, reviewId: 'review' });
    this.add(
      {
        kind: 'externalTask',
        id: 'register-request',
        name: `${options.registerStep} — регистрация электронного документа в АРМ РШЭП`,
        lane: options.lanes.rshep,
        topic: 'register-request',
        step: options.registerStep,
        documentation: this.text(options.registerStep),
        properties: { service: spec.service },
        next: 'notify-received',
      },
      {
        kind: 'externalTask',
        id: 'notify-received',
        name: `${options.registerStep} — уведомление о регистрации запроса`,
        lane: options.lanes.rshep,
        topic: 'status-notify',
        step: options.registerStep,
        documentation: this.text(options.registerStep),
        properties: { status: 'received' },
        next: before?.first ?? 'review',
      },
      ...(before?.nodes ?? []),
      {
        kind: 'userTask',
        id: 'review',
        name: `${options.reviewStep} — проверка (обработка) ${reviewerName} соответствия документов`,
        lane: options.lanes.provider,
        step: options.reviewStep,
        documentation: this.text(options.reviewStep),
        candidateGroups: ['provider-specialist'],
        formRef: `${spec.formPrefix ?? spec.service}-review`,
        next: 'review-decision',
      },
    );
    const result = spec.resultNodes(ctx);
    this.add(
      {
        kind: 'exclusiveGateway',
        id: 'review-decision',
        name: `${options.reviewStep} — документы соответствуют?`,
        lane: options.lanes.provider,
        step: options.reviewStep,
        documentation: this.text(options.reviewStep),
        branches: [
          { target: 'generate-refusal', condition: "${decision == 'refusal'}", name: 'нет: отказ' },
          ...result.branches,
        ],
      },
      {
        kind: 'externalTask',
        id: 'generate-refusal',
        name: `${options.refusalStep} — формирование мотивированного отказа`,
        lane: options.lanes.rshep,
        topic: 'document-generate',
        step: options.refusalStep,
        documentation: this.text(options.refusalStep),
        properties: { form: 'refusal' },
        next: 'notify-refused',
      },
      {
        kind: 'externalTask',
        id: 'notify-refused',
        name: `${options.refusalStep} — сообщение об отказе потребителю`,
        lane: options.lanes.rshep,
        topic: 'status-notify',
        step: options.refusalStep,
        documentation: this.text(options.refusalStep),
        properties: { status: 'refused', refusalReason: REFUSAL_TEXT.documents },
        next: 'refusal-end',
      },
      {
        kind: 'end',
        id: 'refusal-end',
        name: `${options.refusalStep} — отказ в услуге: нарушения в документах`,
        lane: options.lanes.refusalEnd,
        step: options.refusalStep,
        documentation: this.text(options.refusalStep),
        outcome: 'refusal',
      },
      ...result.nodes,
    );
  }

  /** Staff sign-in (процесс 1 of routes B and C); the act gives it no failure branch (I-21). */
  staffAuthorization(options: { system: string; lane: string; name: string; endLane: string; next: string }): void {
    const action = this.action(1);
    this.add(
      withLimit(
        {
          kind: 'externalTask' as const,
          id: 'authorize',
          name: `процесс 1 — ${options.name}`,
          lane: options.lane,
          topic: 'authorize',
          step: 'процесс 1',
          action: action.ref,
          documentation: this.text('процесс 1'),
          properties: { system: options.system },
          next: 'authorized',
        },
        action.limit,
      ),
      {
        kind: 'exclusiveGateway',
        id: 'authorized',
        name: 'Авторизация сотрудника подтверждена?',
        lane: options.lane,
        properties: { 'reglament:notInAct': NOT_IN_ACT_STAFF_AUTH },
        branches: [
          { target: options.next, condition: '${authorized}', name: 'да' },
          { target: 'authorization-failed-end', condition: '${!authorized}', name: 'нет' },
        ],
      },
      {
        kind: 'end',
        id: 'authorization-failed-end',
        name: 'Отказ в авторизации сотрудника (в регламенте не описан)',
        lane: options.endLane,
        properties: { 'reglament:notInAct': NOT_IN_ACT_STAFF_AUTH },
        outcome: 'refusal',
      },
    );
  }

  model(): RouteModel {
    const lanesUsed = new Set(this.nodes.map((node) => node.lane));
    return {
      id: `${this.spec.service}-${this.route}`,
      name: `${this.spec.title.ru} (${ROUTE_TITLE[this.route]})`,
      language: 'ru',
      lanes: LANES.filter((lane) => lanesUsed.has(lane.id)).map((lane) =>
        lane.id === 'provider' ? { id: lane.id, name: this.spec.reviewerLane } : lane,
      ),
      nodes: this.nodes,
      documentation: `Постановление акимата города Семей от 28 декабря 2012 года № 1868, регламент «${this.spec.title.ru}», ${ROUTE_TITLE[this.route]}.`,
    };
  }
}

/** Lanes in the order they are drawn, top to bottom: the СФЕ of the act. */
const LANES = [
  { id: 'consumer', name: 'Потребитель' },
  { id: 'operator', name: 'Оператор Центра' },
  { id: 'arm-con', name: 'АРМ ИС ЦОН' },
  { id: 'pep', name: 'ПЭП' },
  { id: 'provider', name: 'Услугодатель' },
  { id: 'shep', name: 'ШЭП' },
  { id: 'gbd-fl', name: 'ГБД ФЛ' },
  { id: 'enis', name: 'ЕНИС' },
  { id: 'rshep', name: 'АРМ РШЭП' },
];

/** Route A: the consumer on ПЭП signs the request; the provider (or МИО) reviews it in АРМ РШЭП. */
export function portalRoute(spec: ServiceSpec): RouteModel {
  const b = new RouteBuilder(spec, 'portal');
  const a1 = b.action(1);
  const a3 = b.action(3);
  const a5 = b.action(5);
  b.add(
    {
      kind: 'start',
      id: 'sign-in',
      name: 'процесс 1 — ввод потребителем ИИН и пароля на ПЭП',
      lane: 'consumer',
      step: 'процесс 1',
      action: a1.ref,
      documentation: b.text('процесс 1'),
      initiator: 'initiator',
      next: 'authorize',
    },
    withLimit(
      {
        kind: 'externalTask' as const,
        id: 'authorize',
        name: 'условие 1 — проверка на ПЭП подлинности данных потребителя',
        lane: 'pep',
        topic: 'authorize',
        step: 'условие 1',
        action: a1.ref,
        documentation: b.text('условие 1'),
        properties: { system: 'ПЭП' },
        next: 'authorized',
      },
      // Action 1 («Авторизуется на ПЭП») covers процесс 1 and условие 1; the start event cannot carry a timer.
      a1.limit,
    ),
    {
      kind: 'exclusiveGateway',
      id: 'authorized',
      name: 'условие 1 — авторизация подтверждена?',
      lane: 'pep',
      step: 'условие 1',
      action: a1.ref,
      documentation: b.text('условие 1'),
      branches: [
        { target: 'authorization-refusal', condition: '${!authorized}', name: 'нет' },
        { target: 'fill-request', condition: '${authorized}', name: 'да' },
      ],
    },
  );
  b.refusal({
    id: 'authorization-refusal',
    step: 'процесс 2',
    action: 2,
    name: 'формирование ПЭП сообщения об отказе в авторизации',
    endName: 'отказ в авторизации',
    reason: REFUSAL_TEXT.authorization,
    lane: 'pep',
    endLane: 'consumer',
  });
  b.add(
    withLimit(
      {
        kind: 'userTask' as const,
        id: 'fill-request',
        name: 'процесс 3 — заполнение формы запроса, прикрепление документов, выбор ЭЦП',
        lane: 'consumer',
        step: 'процесс 3',
        action: a3.ref,
        documentation: b.text('процесс 3'),
        candidateGroups: ['applicant'],
        assignee: '${initiator}',
        formRef: `${spec.formPrefix ?? spec.service}-application`,
        next: 'verify-signature',
      },
      a3.limit,
    ),
    {
      kind: 'externalTask',
      id: 'verify-signature',
      name: 'условие 2 — проверка на ПЭП регистрационного свидетельства ЭЦП',
      lane: 'pep',
      topic: 'eds-verify-signature',
      step: 'условие 2',
      action: a3.ref,
      documentation: b.text('условие 2'),
      properties: { signerRole: 'applicant' },
      next: 'signature-valid',
    },
    {
      kind: 'exclusiveGateway',
      id: 'signature-valid',
      name: 'условие 2 — ЭЦП подтверждена?',
      lane: 'pep',
      step: 'условие 2',
      action: a3.ref,
      documentation: b.text('условие 2'),
      branches: [
        { target: 'signature-refusal', condition: '${!signatureValid}', name: 'нет' },
        { target: 'send-request', condition: '${signatureValid}', name: 'да' },
      ],
    },
  );
  b.refusal({
    id: 'signature-refusal',
    step: 'процесс 4',
    action: 4,
    name: 'формирование сообщения об отказе: не подтверждена подлинность ЭЦП',
    endName: 'отказ: не подтверждена подлинность ЭЦП потребителя',
    reason: REFUSAL_TEXT.signature,
    lane: 'pep',
    endLane: 'consumer',
  });
  b.add(
    withLimit(
      {
        kind: 'externalTask' as const,
        id: 'send-request',
        name: 'процесс 5 — удостоверение запроса ЭЦП и направление через ШЭП в АРМ РШЭП',
        lane: 'shep',
        topic: 'shep-send',
        step: 'процесс 5',
        action: a5.ref,
        documentation: b.text('процесс 5'),
        properties: { target: 'provider' },
        next: 'register-request',
      },
      a5.limit,
    ),
  );
  b.registrationAndReview({
    registerStep: 'процесс 6',
    reviewStep: 'условие 3',
    refusalStep: 'процесс 7',
    resultStep: 'процесс 8',
    lanes: { provider: 'provider', rshep: 'rshep', refusalEnd: 'consumer' },
    deliverId: 'deliver-result',
  });
  b.add(
    {
      kind: 'externalTask',
      id: 'deliver-result',
      name: 'процесс 8 — направление результата в личный кабинет потребителя',
      lane: 'rshep',
      topic: 'document-deliver',
      step: 'процесс 8',
      documentation: b.text('процесс 8'),
      properties: { channel: 'cabinet' },
      next: 'notify-completed',
    },
    {
      kind: 'externalTask',
      id: 'notify-completed',
      name: 'процесс 8 — уведомление об исполнении запроса',
      lane: 'rshep',
      topic: 'status-notify',
      step: 'процесс 8',
      documentation: b.text('процесс 8'),
      properties: { status: 'completed' },
      next: 'result-end',
    },
    {
      kind: 'end',
      id: 'result-end',
      name: 'процесс 8 — получение потребителем результата услуги',
      lane: 'consumer',
      step: 'процесс 8',
      documentation: b.text('процесс 8'),
      outcome: 'result',
    },
  );
  return b.model();
}

/** Route B: the provider's employee enters the request in АРМ РШЭП. */
export function providerRoute(spec: ServiceSpec): RouteModel {
  const b = new RouteBuilder(spec, 'provider');
  const a2 = b.action(2);
  const a3 = b.action(3);
  const a5 = b.action(5);
  b.add({
    kind: 'start',
    id: 'start',
    name: 'Обращение потребителя к услугодателю',
    lane: 'provider',
    initiator: 'initiator',
    next: 'authorize',
  });
  b.staffAuthorization({
    system: 'АРМ РШЭП',
    lane: 'provider',
    name: 'ввод сотрудником услугодателя ИИН и пароля в АРМ РШЭП',
    endLane: 'provider',
    next: 'enter-request',
  });
  b.add(
    withLimit(
      {
        kind: 'userTask' as const,
        id: 'enter-request',
        name: 'процесс 2 — выбор услуги и ввод сотрудником услугодателя данных потребителя',
        lane: 'provider',
        step: 'процесс 2',
        action: a2.ref,
        documentation: b.text('процесс 2'),
        candidateGroups: ['provider-specialist'],
        formRef: `${spec.formPrefix ?? spec.service}-intake`,
        next: 'lookup-person',
      },
      a2.limit,
    ),
    withLimit(
      {
        kind: 'externalTask' as const,
        id: 'lookup-person',
        name: 'процесс 3 — направление запроса через ШЭП в ГБД ФЛ о данных потребителя',
        lane: 'shep',
        topic: 'gbd-fl-lookup',
        step: 'процесс 3',
        action: a3.ref,
        documentation: b.text('процесс 3'),
        properties: { subject: 'applicant' },
        next: 'person-found',
      },
      a3.limit,
    ),
    {
      kind: 'exclusiveGateway',
      id: 'person-found',
      name: 'условие 1 — данные потребителя есть в ГБД ФЛ?',
      lane: 'gbd-fl',
      step: 'условие 1',
      action: a3.ref,
      documentation: b.text('условие 1'),
      branches: [
        { target: 'person-refusal', condition: '${!personFound}', name: 'нет' },
        { target: 'attach-documents', condition: '${personFound}', name: 'да' },
      ],
    },
  );
  b.refusal({
    id: 'person-refusal',
    step: 'процесс 4',
    action: 4,
    name: 'сообщение о невозможности получения данных из ГБД ФЛ',
    endName: 'отказ: нет данных потребителя в ГБД ФЛ',
    reason: REFUSAL_TEXT.person,
    lane: 'gbd-fl',
    endLane: 'provider',
  });
  b.add(
    withLimit(
      {
        kind: 'userTask' as const,
        id: 'attach-documents',
        name: 'процесс 5 — отметка о документах, сканирование и удостоверение запроса ЭЦП',
        lane: 'provider',
        step: 'процесс 5',
        action: a5.ref,
        documentation: b.text('процесс 5'),
        candidateGroups: ['provider-specialist'],
        formRef: `${spec.formPrefix ?? spec.service}-documents`,
        next: 'register-request',
      },
      a5.limit,
    ),
  );
  b.registrationAndReview({
    registerStep: 'процесс 6',
    reviewStep: 'условие 2',
    refusalStep: 'процесс 7',
    resultStep: 'процесс 8',
    lanes: { provider: 'provider', rshep: 'rshep', refusalEnd: 'provider' },
    deliverId: 'deliver-result',
  });
  b.add(
    {
      kind: 'externalTask',
      id: 'deliver-result',
      name: 'процесс 8 — выдача результата потребителю',
      lane: 'rshep',
      topic: 'document-deliver',
      step: 'процесс 8',
      documentation: b.text('процесс 8'),
      properties: { channel: 'hand' },
      next: 'notify-completed',
    },
    {
      kind: 'externalTask',
      id: 'notify-completed',
      name: 'процесс 8 — уведомление об исполнении запроса',
      lane: 'rshep',
      topic: 'status-notify',
      step: 'процесс 8',
      documentation: b.text('процесс 8'),
      properties: { status: 'completed' },
      next: 'result-end',
    },
    {
      kind: 'end',
      id: 'result-end',
      name: 'процесс 8 — получение потребителем результата услуги',
      lane: 'provider',
      step: 'процесс 8',
      documentation: b.text('процесс 8'),
      outcome: 'result',
    },
  );
  return b.model();
}

/** Route C: the ЦОН operator enters the request in АРМ ИС ЦОН and hands the result over. */
export function conRoute(spec: ServiceSpec): RouteModel {
  const b = new RouteBuilder(spec, 'con');
  const a2 = b.action(2);
  const a3 = b.action(3);
  const a5 = b.action(5);
  const afterPerson = spec.powerOfAttorney ? 'power-of-attorney-notarized' : 'attach-documents';
  b.add({
    kind: 'start',
    id: 'start',
    name: 'Обращение потребителя в Центр',
    lane: 'operator',
    initiator: 'initiator',
    next: 'authorize',
  });
  b.staffAuthorization({
    system: 'АРМ ИС ЦОН',
    lane: 'arm-con',
    name: 'ввод оператором Центра логина и пароля в АРМ ИС ЦОН',
    endLane: 'operator',
    next: 'enter-request',
  });
  b.add(
    withLimit(
      {
        kind: 'userTask' as const,
        id: 'enter-request',
        name: spec.powerOfAttorney
          ? 'процесс 2 — выбор услуги, ввод данных потребителя и доверенности представителя'
          : 'процесс 2 — выбор услуги и ввод оператором Центра данных потребителя',
        lane: 'operator',
        step: 'процесс 2',
        action: a2.ref,
        documentation: b.text('процесс 2'),
        candidateGroups: ['con-operator'],
        formRef: `${spec.formPrefix ?? spec.service}-con-intake`,
        next: 'lookup-person',
      },
      a2.limit,
    ),
    withLimit(
      {
        kind: 'externalTask' as const,
        id: 'lookup-person',
        name: 'процесс 3 — направление запроса через ШЭП в ГБД ФЛ о данных потребителя',
        lane: 'gbd-fl',
        topic: 'gbd-fl-lookup',
        step: 'процесс 3',
        action: a3.ref,
        documentation: b.text('процесс 3'),
        properties: { subject: 'applicant' },
        next: 'person-found',
      },
      a3.limit,
    ),
    {
      kind: 'exclusiveGateway',
      id: 'person-found',
      name: 'условие 1 — данные потребителя есть в ГБД ФЛ?',
      lane: 'gbd-fl',
      step: 'условие 1',
      action: a3.ref,
      documentation: b.text('условие 1'),
      branches: [
        { target: 'person-refusal', condition: '${!personFound}', name: 'нет' },
        { target: afterPerson, condition: '${personFound}', name: 'да' },
      ],
    },
  );
  b.refusal({
    id: 'person-refusal',
    step: 'процесс 4',
    action: 4,
    name: 'сообщение о невозможности получения данных из ГБД ФЛ',
    endName: 'отказ: нет данных потребителя в ГБД ФЛ',
    reason: REFUSAL_TEXT.person,
    lane: 'gbd-fl',
    endLane: 'operator',
  });
  if (spec.powerOfAttorney) {
    b.add(
      {
        kind: 'exclusiveGateway',
        id: 'power-of-attorney-notarized',
        name: 'процесс 2 — доверенность нотариально удостоверена?',
        lane: 'operator',
        step: 'процесс 2',
        action: a2.ref,
        documentation: b.text('процесс 2'),
        branches: [
          { target: 'lookup-power-of-attorney', condition: '${powerOfAttorneyNotarized}', name: 'да' },
          { target: 'request-data-complete', default: true, name: 'нет' },
        ],
      },
      withLimit(
        {
          kind: 'externalTask' as const,
          id: 'lookup-power-of-attorney',
          name: 'процесс 3 — направление запроса через ШЭП в ЕНИС о данных доверенности',
          lane: 'enis',
          topic: 'enis-power-of-attorney',
          step: 'процесс 3',
          action: a3.ref,
          documentation: b.text('процесс 3'),
          next: 'power-of-attorney-found',
        },
        a3.limit,
      ),
      {
        kind: 'exclusiveGateway',
        id: 'power-of-attorney-found',
        name: 'условие 1 — данные доверенности есть в ЕНИС?',
        lane: 'enis',
        step: 'условие 1',
        action: a3.ref,
        documentation: b.text('условие 1'),
        branches: [
          { target: 'power-of-attorney-refusal', condition: '${!powerOfAttorneyValid}', name: 'нет' },
          { target: 'request-data-complete', condition: '${powerOfAttorneyValid}', name: 'да' },
        ],
      },
    );
    b.refusal({
      id: 'power-of-attorney-refusal',
      step: 'процесс 4',
      action: 4,
      name: 'сообщение о невозможности получения данных доверенности из ЕНИС',
      endName: 'отказ: нет данных доверенности в ЕНИС',
      reason: REFUSAL_TEXT.powerOfAttorney,
      lane: 'enis',
      endLane: 'operator',
    });
    b.add({
      kind: 'exclusiveGateway',
      id: 'request-data-complete',
      name: 'условие 1 — данные получены',
      lane: 'operator',
      step: 'условие 1',
      documentation: b.text('условие 1'),
      branches: [{ target: 'attach-documents' }],
    });
  }
  b.add(
    withLimit(
      {
        kind: 'userTask' as const,
        id: 'attach-documents',
        name: 'процесс 5 — отметка о документах, сканирование и удостоверение запроса ЭЦП',
        lane: 'operator',
        step: 'процесс 5',
        action: a5.ref,
        documentation: b.text('процесс 5'),
        candidateGroups: ['con-operator'],
        formRef: `${spec.formPrefix ?? spec.service}-documents`,
        next: 'send-request',
      },
      a5.limit,
    ),
    {
      kind: 'externalTask',
      id: 'send-request',
      name: 'процесс 6 — направление электронного документа через ШЭП в АРМ РШЭП',
      lane: 'shep',
      topic: 'shep-send',
      step: 'процесс 6',
      documentation: b.text('процесс 6'),
      properties: { target: 'provider' },
      next: 'register-request',
    },
  );
  b.registrationAndReview({
    registerStep: 'процесс 7',
    reviewStep: 'условие 2',
    refusalStep: 'процесс 8',
    resultStep: 'процесс 9',
    lanes: { provider: 'provider', rshep: 'rshep', refusalEnd: 'operator' },
    deliverId: 'send-result',
  });
  b.add(
    {
      kind: 'externalTask',
      id: 'send-result',
      name: 'процесс 9 — направление результата через ШЭП в АРМ ИС ЦОН',
      lane: 'shep',
      topic: 'shep-send',
      step: 'процесс 9',
      documentation: b.text('процесс 9'),
      properties: { target: 'con' },
      next: 'hand-over',
    },
    {
      kind: 'userTask',
      id: 'hand-over',
      name: 'процесс 9 — выдача результата потребителю оператором Центра',
      lane: 'operator',
      step: 'процесс 9',
      documentation: b.text('процесс 9'),
      candidateGroups: ['con-operator'],
      formRef: `${spec.formPrefix ?? spec.service}-handover`,
      next: 'notify-completed',
    },
    {
      kind: 'externalTask',
      id: 'notify-completed',
      name: 'процесс 9 — уведомление об исполнении запроса',
      lane: 'arm-con',
      topic: 'status-notify',
      step: 'процесс 9',
      documentation: b.text('процесс 9'),
      properties: { status: 'completed' },
      next: 'result-end',
    },
    {
      kind: 'end',
      id: 'result-end',
      name: 'процесс 9 — получение потребителем результата через оператора Центра',
      lane: 'operator',
      step: 'процесс 9',
      documentation: b.text('процесс 9'),
      outcome: 'result',
    },
  );
  return b.model();
}

export function routeOf(spec: ServiceSpec, route: SemeyRoute): RouteModel {
  switch (route) {
    case 'portal':
      return portalRoute(spec);
    case 'provider':
      return providerRoute(spec);
    case 'con':
      return conRoute(spec);
  }
}

/** A single output document generated after a positive review (S1, S2, S5). */
export function singleOutput(form: string, what: string, decision: 'issued' | 'queue' = 'issued') {
  return (ctx: ResultContext) => ({
    branches: [{ target: 'generate-result', condition: `\${decision == '${decision}'}`, name: 'да' }],
    nodes: [
      {
        kind: 'externalTask' as const,
        id: 'generate-result',
        name: `${ctx.resultStep} — формирование ${what} с ЭЦП уполномоченного лица`,
        lane: ctx.lanes.rshep,
        topic: 'document-generate',
        step: ctx.resultStep,
        documentation: ctx.resultText,
        properties: { form },
        next: ctx.deliverId,
      },
    ],
  });
}

/** The bundle of a service: one route model per route the act describes. */
export function bundleOf(spec: ServiceSpec): BundleModel {
  const routes: BundleModel['routes'] = {};
  for (const route of spec.routes) routes[route] = routeOf(spec, route);
  return { tenant: 'semey', service: spec.service, routes };
}
