// S4 of the Semey act: certificates to pension funds, banks and road police for minors' deposits and inheritance; routes через Центр, ПЭП.
import type { BundleModel, RouteNode } from '../../route-model.js';
import { bundleOf } from './lib/routes.js';
import type { ResultContext, ServiceSpec } from './lib/service-spec.js';

/** The three addressees of the certificate, chosen on the application (§5.5 variants 1–3). */
const VARIANTS = [
  { id: 'pension-fund', what: 'справки в накопительный пенсионный фонд' },
  { id: 'bank', what: 'справки в банк' },
  { id: 'road-police', what: 'справки в подразделение Комитета дорожной полиции' },
] as const;

function resultNodes(ctx: ResultContext) {
  const nodes: RouteNode[] = [
    {
      kind: 'exclusiveGateway',
      id: 'certificate-variant',
      name: `${ctx.resultStep} — кому адресована справка?`,
      lane: ctx.lanes.rshep,
      step: ctx.resultStep,
      documentation: ctx.resultText,
      branches: VARIANTS.map((variant) => ({
        target: `generate-${variant.id}`,
        condition: `\${variant == '${variant.id}'}`,
        name: variant.what,
      })),
    },
    ...VARIANTS.map(
      (variant): RouteNode => ({
        kind: 'externalTask',
        id: `generate-${variant.id}`,
        name: `${ctx.resultStep} — формирование ${variant.what} с ЭЦП уполномоченного лица МИО`,
        lane: ctx.lanes.rshep,
        topic: 'document-generate',
        step: ctx.resultStep,
        documentation: ctx.resultText,
        properties: { form: 'minors-deposits-certificate', variant: variant.id },
        next: 'result-generated',
      }),
    ),
    {
      kind: 'exclusiveGateway',
      id: 'result-generated',
      name: `${ctx.resultStep} — справка сформирована`,
      lane: ctx.lanes.rshep,
      step: ctx.resultStep,
      documentation: ctx.resultText,
      branches: [{ target: ctx.deliverId }],
    },
  ];
  return { branches: [{ target: 'certificate-variant', condition: "${decision == 'issued'}", name: 'да' }], nodes };
}

export const spec: ServiceSpec = {
  service: 'minors-deposits-certificate',
  title: {
    ru: 'Выдача справок в пенсионные фонды, банки для распоряжения вкладами несовершеннолетних детей, в территориальные подразделения Комитета дорожной полиции Министерства внутренних дел Республики Казахстан для оформления наследства несовершеннолетним детям',
    kk: 'Кәмелетке толмаған балалардың салымдарына билік ету үшін зейнетақы қорларына, банктерге, кәмелетке толмаған балаларға мұраны ресімдеу үшін Қазақстан Республикасы Ішкі істер министрлігі Жол полициясы комитетінің аумақтық бөлімшелеріне анықтамалар беру',
  },
  routes: ['con', 'portal'],
  reviewerLane: 'МИО',
  powerOfAttorney: true,
  decisions: ['issued'],
  outputs: ['minors-deposits-certificate', 'refusal'],
  resultNodes,
};

export const bundle: BundleModel = bundleOf(spec);
