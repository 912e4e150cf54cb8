// S5 of the Semey act: guardianship-authority certificates for deals with minors' property; routes через Центр, ПЭП.
import type { BundleModel } from '../../route-model.js';
import { bundleOf, singleOutput } from './lib/routes.js';
import type { ServiceSpec } from './lib/service-spec.js';

export const spec: ServiceSpec = {
  service: 'guardianship-property-deal-certificate',
  title: {
    ru: 'Выдача справок органов, осуществляющих функции по опеке или попечительству для оформления сделок с имуществом, принадлежащим на праве собственности несовершеннолетним детям',
    kk: 'Кәмелетке толмаған балаларға меншік құқығымен тиесілі мүлікпен мәмілелерді ресімдеу үшін қорғаншылық немесе қамқоршылық жөніндегі функцияларды жүзеге асыратын органдардың анықтамаларын беру',
  },
  routes: ['con', 'portal'],
  reviewerLane: 'МИО',
  powerOfAttorney: true,
  decisions: ['issued'],
  outputs: ['guardianship-property-deal-certificate', 'refusal'],
  resultNodes: singleOutput('guardianship-property-deal-certificate', 'справки органа опеки и попечительства'),
};

export const bundle: BundleModel = bundleOf(spec);
