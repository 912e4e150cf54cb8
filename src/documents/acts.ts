// The act headers printed on documents, per tenant and service: issuing body, регламент, approving resolution.
// Russian texts are verbatim from the spec (§1.1 of spec-kindergarten, §0.1 and §x.1 of spec-semey); Kazakh texts are
// verbatim where the act is Kazakh (Кызылжар) and otherwise our translation, marked as such in docs/documents.md.
import { InvalidRequestError } from '../errors.js';
import type { ActHeader, Bilingual } from './types.js';

const preschoolQueueTitle: Bilingual = {
  ru: 'Постановка на очередь детей дошкольного возраста (до 7 лет) для направления в детские дошкольные организации',
  kk: 'Мектепке дейінгі балалар ұйымдарына жолдама беру үшін мектеп жасына дейінгі (7 жасқа дейінгі) балаларды кезекке қою',
};
const preschoolRegistrationTitle: Bilingual = {
  ru: 'Регистрация детей дошкольного возраста (до 7 лет) для направления в детские дошкольные организации',
  kk: 'Қазақстан Республикасындағы мектепке дейінгі балалар ұйымдарына жолдама беру үшін мектеп жасына дейінгі (7 жасқа дейінгі) балаларды тіркеу',
};

const semeyAct: Bilingual = {
  ru: 'Утвержден постановлением акимата города Семей Восточно-Казахстанской области от 28 декабря 2012 года № 1868',
  kk: 'Шығыс Қазақстан облысы Семей қаласы әкімдігінің 2012 жылғы 28 желтоқсандағы № 1868 қаулысымен бекітілген',
};
const semeyEducation = {
  provider: { ru: 'Государственное учреждение «Отдел образования города Семей»', kk: '«Семей қаласының білім бөлімі» мемлекеттік мекемесі' },
  providerShort: { ru: 'Отдел образования города Семей', kk: 'Семей қаласының білім бөлімі' },
  headTitle: { ru: 'Начальник отдела образования города Семей', kk: 'Семей қаласы білім бөлімінің бастығы' },
  specialistTitle: { ru: 'Специалист отдела образования города Семей', kk: 'Семей қаласы білім бөлімінің маманы' },
};
const semeyEmployment = {
  provider: { ru: 'Государственное учреждение «Отдел занятости и социальных программ города Семей»', kk: '«Семей қаласының жұмыспен қамту және әлеуметтік бағдарламалар бөлімі» мемлекеттік мекемесі' },
  providerShort: { ru: 'Отдел занятости и социальных программ города Семей', kk: 'Семей қаласының жұмыспен қамту және әлеуметтік бағдарламалар бөлімі' },
  headTitle: { ru: 'Начальник отдела', kk: 'Бөлім бастығы' },
  specialistTitle: { ru: 'Специалист', kk: 'Маман' },
};
const semeyHousing = {
  provider: {
    ru: 'Государственное учреждение «Отдел жилищно-коммунального хозяйства, пассажирского транспорта и автомобильных дорог города Семей»',
    kk: '«Семей қаласының тұрғын үй-коммуналдық шаруашылығы, жолаушылар көлігі және автомобиль жолдары бөлімі» мемлекеттік мекемесі',
  },
  providerShort: {
    ru: 'Отдел жилищно-коммунального хозяйства, пассажирского транспорта и автомобильных дорог города Семей',
    kk: 'Семей қаласының тұрғын үй-коммуналдық шаруашылығы, жолаушылар көлігі және автомобиль жолдары бөлімі',
  },
  headTitle: { ru: 'Начальник', kk: 'Бастық' },
  specialistTitle: { ru: 'Специалист', kk: 'Маман' },
};

const catalogue: ActHeader[] = [
  {
    tenant: 'zhambyl-sko', service: 'preschool-queue', serviceTitle: preschoolQueueTitle,
    provider: { ru: 'Государственное учреждение «Отдел образования Жамбылского района Северо-Казахстанской области»', kk: '«Солтүстік Қазақстан облысы Жамбыл ауданының білім бөлімі» мемлекеттік мекемесі' },
    providerShort: { ru: 'Отдел образования Жамбылского района', kk: 'Жамбыл ауданының білім бөлімі' },
    act: { ru: 'Утвержден постановлением акимата Жамбылского района Северо-Казахстанской области от 26 декабря 2012 года № 383', kk: 'Солтүстік Қазақстан облысы Жамбыл ауданы әкімдігінің 2012 жылғы 26 желтоқсандағы № 383 қаулысымен бекітілген' },
    headTitle: { ru: 'Уполномоченное лицо уполномоченного органа', kk: 'Уәкілетті органның уәкілетті тұлғасы' },
    specialistTitle: { ru: 'Специалист УО', kk: 'УО маманы' },
  },
  {
    tenant: 'aktobe-oblast', service: 'preschool-registration', serviceTitle: preschoolRegistrationTitle,
    provider: { ru: 'Городской (районный) отдел образования Актюбинской области', kk: 'Ақтөбе облысының қалалық (аудандық) білім бөлімі' },
    providerShort: { ru: 'Отдел образования', kk: 'Білім бөлімі' },
    act: { ru: 'Утвержден постановлением акимата Актюбинской области от 7 августа 2012 года № 276', kk: 'Ақтөбе облысы әкімдігінің 2012 жылғы 7 тамыздағы № 276 қаулысымен бекітілген' },
    headTitle: { ru: 'Сотрудник МИО', kk: 'ЖАО қызметкері' },
    specialistTitle: { ru: 'Сотрудник МИО', kk: 'ЖАО қызметкері' },
  },
  {
    tenant: 'kyzylzhar', service: 'preschool-registration', serviceTitle: preschoolRegistrationTitle,
    provider: { ru: 'Государственное учреждение «Кызылжарский районный отдел образования»', kk: '«Қызылжар аудандық білім бөлімі» мемлекеттік мекемесі' },
    providerShort: { ru: 'Кызылжарский районный отдел образования', kk: 'Қызылжар аудандық білім бөлімі' },
    act: { ru: 'Утвержден постановлением акимата Кызылжарского района от 1 августа 2012 года № 351', kk: 'Қызылжар аудандық әкімдігінің 2012 жылғы 1 тамыздағы № 351 қаулысымен бекітілді' },
    headTitle: { ru: 'Сотрудник ЖАО', kk: 'ЖАО қызметкері' },
    specialistTitle: { ru: 'Сотрудник ЖАО', kk: 'ЖАО қызметкері' },
    // KYZ 5-қосымша, verbatim; the Russian is our translation.
    directionNote: {
      ru: 'Примечание: родители должны прийти в дошкольную организацию и зарегистрировать направление в течение одного месяца.',
      kk: 'Ескерту: Ата-аналар мектепке дейінгі мекемеге бір ай ішінде келулері және жолдаманы тіркеулері тиіс.',
    },
  },
  {
    tenant: 'semey', service: 'unemployed-certificate', act: semeyAct, ...semeyEmployment,
    serviceTitle: { ru: 'Выдача справок безработным гражданам', kk: 'Жұмыссыз азаматтарға анықтамалар беру' },
  },
  {
    tenant: 'semey', service: 'disabled-children-home-education', act: semeyAct, ...semeyEmployment,
    serviceTitle: {
      ru: 'Оформление документов для материального обеспечения детей-инвалидов, обучающихся и воспитывающихся на дому',
      kk: 'Үйде оқитын және тәрбиеленетін мүгедек балаларды материалдық қамтамасыз ету үшін құжаттарды ресімдеу',
    },
  },
  {
    tenant: 'semey', service: 'preschool-queue', act: semeyAct, ...semeyEducation, serviceTitle: preschoolQueueTitle,
    // spec-semey §4.6(a) item 8, verbatim.
    directionNote: {
      ru: 'Направление должно быть предоставлено в дошкольную организацию в течение пяти дней со дня его выдачи.',
      kk: 'Жолдама берілген күнінен бастап бес күн ішінде мектепке дейінгі ұйымға ұсынылуы тиіс.',
    },
  },
  {
    tenant: 'semey', service: 'minors-deposits-certificate', act: semeyAct, ...semeyEducation,
    serviceTitle: {
      ru: 'Выдача справок в пенсионные фонды, банки для распоряжения вкладами несовершеннолетних детей, в территориальные подразделения Комитета дорожной полиции Министерства внутренних дел Республики Казахстан для оформления наследства несовершеннолетним детям',
      kk: 'Кәмелетке толмаған балалардың салымдарына билік ету үшін зейнетақы қорларына, банктерге, кәмелетке толмаған балаларға мұраны ресімдеу үшін Қазақстан Республикасы Ішкі істер министрлігі Жол полициясы комитетінің аумақтық бөлімшелеріне анықтамалар беру',
    },
  },
  {
    tenant: 'semey', service: 'guardianship-property-deal-certificate', act: semeyAct, ...semeyEducation,
    serviceTitle: {
      ru: 'Выдача справок органов, осуществляющих функции по опеке или попечительству для оформления сделок с имуществом, принадлежащим на праве собственности несовершеннолетним детям',
      kk: 'Кәмелетке толмаған балаларға меншік құқығында тиесілі мүлікпен мәмілелерді ресімдеу үшін қорғаншылық немесе қамқоршылық жөніндегі функцияларды жүзеге асыратын органдардың анықтамаларын беру',
    },
  },
  {
    tenant: 'semey', service: 'guardianship-certificate', act: semeyAct, ...semeyEducation,
    serviceTitle: { ru: 'Выдача справок по опеке и попечительству', kk: 'Қорғаншылық және қамқоршылық жөнінде анықтамалар беру' },
  },
  {
    tenant: 'semey', service: 'housing-queue', act: semeyAct, ...semeyHousing,
    serviceTitle: {
      ru: 'Постановка на учет и очередность граждан, нуждающихся в жилище из государственного жилищного фонда или жилище, арендованном местным исполнительным органом в частном жилищном фонде',
      kk: 'Мемлекеттік тұрғын үй қорынан тұрғын үйге немесе жергілікті атқарушы орган жеке тұрғын үй қорынан жалдаған тұрғын үйге мұқтаж азаматтарды есепке қою және кезекке қою',
    },
  },
];

export function listActs(): readonly ActHeader[] {
  return catalogue;
}

/**
 * The header for a tenant and service. `service` may be omitted when the tenant has exactly one service among
 * `candidates` (the services that use the form).
 */
export function actHeader(tenant: string, service: string | undefined, candidates: readonly string[], formId: string): ActHeader {
  const ofTenant = catalogue.filter((a) => a.tenant === tenant);
  if (ofTenant.length === 0) throw new InvalidRequestError(`Cannot render form '${formId}': unknown tenant '${tenant}'`);
  if (service) {
    const found = ofTenant.find((a) => a.service === service);
    if (!found) throw new InvalidRequestError(`Cannot render form '${formId}': tenant '${tenant}' has no service '${service}'`);
    if (!candidates.includes(service)) throw new InvalidRequestError(`Cannot render form '${formId}': it is not an output of service '${service}'`);
    return found;
  }
  const matching = ofTenant.filter((a) => candidates.includes(a.service));
  if (matching.length !== 1) {
    throw new InvalidRequestError(`Cannot render form '${formId}' for tenant '${tenant}': say which service (one of ${ofTenant.map((a) => a.service).join(', ')})`);
  }
  return matching[0]!;
}
