// S1 of the Semey act: «Выдача справок безработным гражданам», routes через ПЭП, услугодателя, Центр.
import type { BundleModel } from '../../route-model.js';
import { bundleOf, singleOutput } from './lib/routes.js';
import type { ServiceSpec } from './lib/service-spec.js';

export const spec: ServiceSpec = {
  service: 'unemployed-certificate',
  title: { ru: 'Выдача справок безработным гражданам', kk: 'Жұмыссыз азаматтарға анықтамалар беру' },
  routes: ['portal', 'provider', 'con'],
  reviewerLane: 'Услугодатель',
  // The numbered steps of route C query only ГБД ФЛ; Таблица 3 names ЕНИС (I-04): the steps win.
  powerOfAttorney: false,
  decisions: ['issued'],
  outputs: ['unemployed-certificate', 'refusal'],
  resultNodes: singleOutput('unemployed-certificate', 'справки о регистрации в качестве безработного'),
  limitOverrides: {
    'portal:5': {
      duration: 'PT1M',
      reason: 'Таблица 1, действие 5 prints «30 секунда минута» in a cut-off column; read as «30 секунд – 1 минута» like action 1 and Таблица 3, upper bound 1 minute.',
      source: 'spec §2.3 Таблица 1 (action 5), I-07',
    },
  },
};

export const bundle: BundleModel = bundleOf(spec);
