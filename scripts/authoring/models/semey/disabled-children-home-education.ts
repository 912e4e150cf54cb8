// S2 of the Semey act: material support of disabled children taught at home, routes через услугодателя, ПЭП.
import type { BundleModel } from '../../route-model.js';
import { bundleOf, singleOutput } from './lib/routes.js';
import type { ServiceSpec } from './lib/service-spec.js';

export const spec: ServiceSpec = {
  service: 'disabled-children-home-education',
  title: {
    ru: 'Оформление документов для материального обеспечения детей-инвалидов, обучающихся и воспитывающихся на дому',
    kk: 'Үйде оқитын және тәрбиеленетін мүгедек балаларды материалдық қамтамасыз ету үшін құжаттарды ресімдеу',
  },
  routes: ['provider', 'portal'],
  reviewerLane: 'Услугодатель',
  powerOfAttorney: false,
  decisions: ['issued'],
  outputs: ['disabled-children-home-education-decision', 'refusal'],
  resultNodes: singleOutput('disabled-children-home-education-decision', 'уведомления о назначении материального обеспечения'),
  limitOverrides: {
    'portal:5': {
      duration: 'PT1M',
      reason: 'Таблица 2, действие 5 prints only «30 секунда» in a cut-off column; read as «30 секунд – 1 минута» as in the same action of S1 and S3, upper bound 1 minute.',
      source: 'spec §3.3 Таблица 2 (action 5)',
    },
  },
};

export const bundle: BundleModel = bundleOf(spec);
