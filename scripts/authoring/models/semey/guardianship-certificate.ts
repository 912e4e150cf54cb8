// S6 of the Semey act: «Выдача справок по опеке и попечительству»; the МИО's review first searches the guardianship register.
import type { BundleModel, RouteNode } from '../../route-model.js';
import { bundleOf, singleOutput } from './lib/routes.js';
import type { ResultContext, ServiceSpec } from './lib/service-spec.js';

/** The one specific refusal ground of the whole act (§7.5, Прил. 3 «Выходная форма «Отказа»»). */
const NOT_IN_REGISTER = 'запись не найдена в Электронном реестре по опеке и попечительству';

function beforeReview(ctx: ResultContext & { reviewId: string }) {
  const nodes: RouteNode[] = [
    {
      kind: 'externalTask',
      id: 'lookup-guardianship-register',
      name: `${ctx.reviewStep} — проверка оснований: поиск записи в Электронном реестре по опеке и попечительству (основание отказа по выходной форме «Отказа»)`,
      lane: ctx.lanes.provider,
      topic: 'guardianship-register-lookup',
      step: ctx.reviewStep,
      documentation: ctx.reviewText,
      next: 'guardianship-record-found',
    },
    {
      kind: 'exclusiveGateway',
      id: 'guardianship-record-found',
      name: `${ctx.reviewStep} — запись найдена в реестре?`,
      lane: ctx.lanes.provider,
      step: ctx.reviewStep,
      documentation: ctx.reviewText,
      branches: [
        { target: 'confirm-register-refusal', condition: '${!guardianshipRecordFound}', name: 'нет' },
        { target: ctx.reviewId, condition: '${guardianshipRecordFound}', name: 'да' },
      ],
    },
    {
      // The documents worker and the refusal letter take the reason from the variable refusalReason; the МИО
      // confirms the refusal in a form that sets the act's fixed reason (and who signs).
      kind: 'userTask',
      id: 'confirm-register-refusal',
      name: `${ctx.refusalStep} — подтверждение отказа: запись не найдена в реестре`,
      lane: ctx.lanes.provider,
      step: ctx.refusalStep,
      documentation: ctx.refusalText,
      candidateGroups: ['provider-specialist'],
      formRef: 'guardianship-certificate-register-refusal',
      next: 'generate-register-refusal',
    },
    {
      kind: 'externalTask',
      id: 'generate-register-refusal',
      name: `${ctx.refusalStep} — формирование отказа: запись не найдена в реестре`,
      lane: ctx.lanes.rshep,
      topic: 'document-generate',
      step: ctx.refusalStep,
      documentation: ctx.refusalText,
      properties: { form: 'refusal', refusalReason: NOT_IN_REGISTER },
      next: 'notify-register-refused',
    },
    {
      kind: 'externalTask',
      id: 'notify-register-refused',
      name: `${ctx.refusalStep} — сообщение об отказе потребителю`,
      lane: ctx.lanes.rshep,
      topic: 'status-notify',
      step: ctx.refusalStep,
      documentation: ctx.refusalText,
      properties: { status: 'refused', refusalReason: NOT_IN_REGISTER },
      next: 'register-refusal-end',
    },
    {
      kind: 'end',
      id: 'register-refusal-end',
      name: `${ctx.refusalStep} — отказ: запись не найдена в Электронном реестре по опеке и попечительству`,
      lane: ctx.lanes.refusalEnd,
      step: ctx.refusalStep,
      documentation: ctx.refusalText,
      outcome: 'refusal',
    },
  ];
  return { first: 'lookup-guardianship-register', nodes };
}

export const spec: ServiceSpec = {
  service: 'guardianship-certificate',
  title: { ru: 'Выдача справок по опеке и попечительству', kk: 'Қорғаншылық және қамқоршылық жөнінде анықтамалар беру' },
  routes: ['con', 'portal'],
  reviewerLane: 'МИО',
  powerOfAttorney: true,
  decisions: ['issued'],
  outputs: ['guardianship-certificate', 'refusal'],
  resultNodes: singleOutput('guardianship-certificate', 'справки по опеке и попечительству'),
  beforeReview,
};

export const bundle: BundleModel = bundleOf(spec);
