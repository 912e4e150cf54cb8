// S3 of the Semey act: the pre-school queue, routes через услугодателя, Центр, ПЭП; result is a direction or a queue notice.
import type { BundleModel, RouteNode } from '../../route-model.js';
import { bundleOf } from './lib/routes.js';
import type { ResultContext, ServiceSpec } from './lib/service-spec.js';

function resultNodes(ctx: ResultContext) {
  const nodes: RouteNode[] = [
    {
      kind: 'externalTask',
      id: 'generate-direction',
      name: `${ctx.resultStep} — формирование направления в ДДО с ЭЦП уполномоченного лица`,
      lane: ctx.lanes.rshep,
      topic: 'document-generate',
      step: ctx.resultStep,
      documentation: ctx.resultText,
      properties: { form: 'preschool-direction' },
      next: 'result-generated',
    },
    {
      kind: 'externalTask',
      id: 'assign-queue',
      name: `${ctx.resultStep} — постановка на очередь: присвоение номера очереди`,
      lane: ctx.lanes.rshep,
      topic: 'queue-assign',
      step: ctx.resultStep,
      documentation: ctx.resultText,
      properties: { queue: 'preschool' },
      next: 'generate-queue-notice',
    },
    {
      kind: 'externalTask',
      id: 'generate-queue-notice',
      name: `${ctx.resultStep} — формирование уведомления о постановке на очередь с ЭЦП уполномоченного лица`,
      lane: ctx.lanes.rshep,
      topic: 'document-generate',
      step: ctx.resultStep,
      documentation: ctx.resultText,
      properties: { form: 'preschool-queue-notice' },
      next: 'result-generated',
    },
    {
      kind: 'exclusiveGateway',
      id: 'result-generated',
      name: `${ctx.resultStep} — результат сформирован`,
      lane: ctx.lanes.rshep,
      step: ctx.resultStep,
      documentation: ctx.resultText,
      branches: [{ target: ctx.deliverId }],
    },
  ];
  return {
    branches: [
      { target: 'generate-direction', condition: "${decision == 'direction'}", name: 'да: направление в ДДО' },
      { target: 'assign-queue', condition: "${decision == 'queue'}", name: 'да: постановка на очередь' },
    ],
    nodes,
  };
}

export const spec: ServiceSpec = {
  service: 'preschool-queue',
  // The Zhambyl bundle (seed 000) has the same service id; forms are global.
  formPrefix: 'preschool-queue-semey',
  title: {
    ru: 'Постановка на очередь детей дошкольного возраста (до 7 лет) для направления в детские дошкольные организации',
    kk: 'Мектепке дейінгі балалар ұйымдарына жолдама беру үшін мектеп жасына дейінгі (7 жасқа дейін) балаларды кезекке қою',
  },
  routes: ['provider', 'con', 'portal'],
  reviewerLane: 'Услугодатель',
  powerOfAttorney: true,
  decisions: ['direction', 'queue'],
  outputs: ['preschool-direction', 'preschool-queue-notice', 'refusal'],
  resultNodes,
};

export const bundle: BundleModel = bundleOf(spec);
