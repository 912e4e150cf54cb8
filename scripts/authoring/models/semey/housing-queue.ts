// S7 of the Semey act: registration and queueing of citizens who need housing; routes через услугодателя, Центр, ПЭП.
import type { BundleModel, RouteNode } from '../../route-model.js';
import { bundleOf } from './lib/routes.js';
import type { ResultContext, ServiceSpec } from './lib/service-spec.js';

function resultNodes(ctx: ResultContext) {
  const nodes: RouteNode[] = [
    {
      kind: 'externalTask',
      id: 'assign-queue',
      name: `${ctx.resultStep} — постановка на учет: присвоение номера очереди по категории`,
      lane: ctx.lanes.rshep,
      topic: 'queue-assign',
      step: ctx.resultStep,
      documentation: ctx.resultText,
      properties: { queue: 'housing' },
      next: 'generate-result',
    },
    {
      kind: 'externalTask',
      id: 'generate-result',
      name: `${ctx.resultStep} — формирование уведомления о постановке на учет с ЭЦП уполномоченного лица`,
      lane: ctx.lanes.rshep,
      topic: 'document-generate',
      step: ctx.resultStep,
      documentation: ctx.resultText,
      properties: { form: 'housing-queue-notice' },
      next: ctx.deliverId,
    },
  ];
  return { branches: [{ target: 'assign-queue', condition: "${decision == 'queue'}", name: 'да: постановка на учет' }], nodes };
}

export const spec: ServiceSpec = {
  service: 'housing-queue',
  title: {
    ru: 'Постановка на учет и очередность граждан, нуждающихся в жилище из государственного жилищного фонда или жилище, арендованном местным исполнительным органом в частном жилищном фонде',
    kk: 'Мемлекеттік тұрғын үй қорынан тұрғын үйге немесе жергілікті атқарушы орган жеке тұрғын үй қорынан жалдаған тұрғын үйге мұқтаж азаматтарды есепке қою және кезектілігі',
  },
  routes: ['provider', 'con', 'portal'],
  reviewerLane: 'Услугодатель',
  powerOfAttorney: true,
  decisions: ['queue'],
  outputs: ['housing-queue-notice', 'refusal'],
  resultNodes,
};

export const bundle: BundleModel = bundleOf(spec);
