// The form-js schemas of the seven Semey services: application (ПЭП), intake and documents (staff), review, hand-over.
import {
  date,
  expression,
  form,
  group,
  heading,
  iin,
  list,
  note,
  number,
  radio,
  resetIds,
  select,
  textarea,
  textfield,
  type Choice,
  type Component,
  type FormSchema,
} from './form-kit.js';
import {
  attachmentFields,
  applicantFields,
  childrenList,
  documentsForm,
  handoverFields,
  L,
  parentFields,
  powerOfAttorneyFields,
  reviewFields,
  signatureField,
} from './form-parts.js';
import type { SemeyRoute } from './act-text.js';

interface ServiceForms {
  service: string;
  routes: SemeyRoute[];
  powerOfAttorney: boolean;
  decisions: Array<'issued' | 'direction' | 'queue'>;
  /** Request data beyond the applicant (the same on the portal and at the desk). */
  request: () => Component[];
  /** Documents the consumer presents (attachments on ПЭП, paper at the desk). */
  documents: Choice[];
  /** Data the output document needs, entered at the review. */
  output: () => Component[];
  /** The application asks for the applicant's ID card data (S2, S4). */
  idCard?: boolean;
  /** Forms of tasks only this service has. */
  extra?: (prefix: string) => Array<[string, Component[]]>;
}

const STANDARD_DOCUMENTS: Choice[] = [
  { value: 'standardDocuments', label: { ru: 'Документы, указанные в пункте 11 Стандарта', kk: 'Стандарттың 11-тармағында көрсетілген құжаттар' } },
];

/** The act leaves «по категории «___»» blank; these are the groups of art. 67 of the Law «О жилищных отношениях». */
const HOUSING_CATEGORIES: Choice[] = [
  { value: 'socially-protected', label: { ru: 'социально защищаемые слои населения', kk: 'халықтың әлеуметтік қорғалатын топтары' } },
  {
    value: 'public-servants',
    label: { ru: 'государственные служащие, работники бюджетных организаций, военнослужащие', kk: 'мемлекеттік қызметшілер, бюджеттік ұйымдардың қызметкерлері, әскери қызметшілер' },
  },
  { value: 'emergency-housing', label: { ru: 'граждане, жилища которых признаны аварийными', kk: 'тұрғын үйлері апатты деп танылған азаматтар' } },
];

const SERVICES: ServiceForms[] = [
  {
    service: 'unemployed-certificate',
    routes: ['portal', 'provider', 'con'],
    powerOfAttorney: false,
    decisions: ['issued'],
    request: () => [
      heading({ ru: 'Заявление', kk: 'Өтініш' }),
      note({
        ru: 'Прошу выдать мне справку о статусе безработного (о/й) за период:',
        kk: 'Маған жұмыссыз мәртебесі туралы анықтаманы мына кезеңге беруіңізді сұраймын:',
      }),
      date('periodFrom', { ru: 'Период с', kk: 'Кезеңнің басы' }, { required: true }),
      date('periodTo', { ru: 'Период по', kk: 'Кезеңнің соңы' }, { required: true }),
      textfield('presentTo', { ru: 'Справка дана для предъявления', kk: 'Анықтама ұсыну үшін берілді' }, { required: true }),
      // «Т.А.Ә. / Ф.И.О.» of the certificate is the applicant.
      expression('fullName', '=applicantFullName'),
    ],
    documents: STANDARD_DOCUMENTS,
    output: () => [
      textfield('registeredAsUnemployed', {
        ru: 'Зарегистрирован безработным (ст. 15 Закона РК «О занятости населения»): дата и номер решения',
        kk: 'Жұмыссыз ретінде тіркелген («Халықты жұмыспен қамту туралы» ҚР Заңының 15-бабы): шешімнің күні мен нөмірі',
      }, { required: true }),
      textarea('publicWorks', { ru: 'Участие в общественных, социальных работах', kk: 'Қоғамдық, әлеуметтік жұмыстарға қатысуы' }),
      textarea('training', {
        ru: 'Профессиональная подготовка, повышение квалификации, переподготовка, молодежная практика',
        kk: 'Кәсіптік даярлау, біліктілікті арттыру, қайта даярлау, жастар практикасы',
      }),
      textarea('socialAssistance', { ru: 'Назначенная адресная социальная помощь, жилищная помощь', kk: 'Тағайындалған атаулы әлеуметтік көмек, тұрғын үй көмегі' }),
    ],
  },
  {
    service: 'disabled-children-home-education',
    routes: ['provider', 'portal'],
    powerOfAttorney: false,
    decisions: ['issued'],
    idCard: true,
    request: () => [
      textfield('applicantRnn', { ru: 'РНН', kk: 'СТН' }, { pattern: '^\\d{12}$' }),
      textfield('applicantSik', { ru: 'СИК', kk: 'ӘЖК' }),
      heading({ ru: 'Заявление', kk: 'Өтініш' }),
      note({
        ru: 'Прошу Вас назначить материальное обеспечение на ребенка-инвалида, обучающегося и воспитывающегося на дому.',
        kk: 'Үйде оқитын және тәрбиеленетін мүгедек балаға материалдық қамтамасыз етуді тағайындауыңызды сұраймын.',
      }),
      textfield('childFullName', L.childName, { required: true }),
      iin('childIin', L.childIin, { required: true }),
      date('childBirthDate', L.childBirthDate, { required: true }),
      textfield('accountNumber', { ru: '№ лицевого счета', kk: 'Дербес шоттың №' }, { required: true }),
      textfield('bankName', { ru: 'Наименование банка', kk: 'Банктің атауы' }, { required: true }),
    ],
    documents: [
      { value: 'birthCertificate', label: { ru: 'Электронная копия свидетельства о рождении ребенка', kk: 'Баланың туу туралы куәлігінің электрондық көшірмесі' } },
      {
        value: 'residenceRecord',
        label: { ru: 'Электронная копия книги регистрации граждан, либо справки адресного бюро', kk: 'Азаматтарды тіркеу кітабының не мекенжай бюросы анықтамасының электрондық көшірмесі' },
      },
      {
        value: 'pmpkConclusion',
        label: { ru: 'Электронная копия заключения психолого-педагогической консультации', kk: 'Психологиялық-педагогикалық консультация қорытындысының электрондық көшірмесі' },
      },
      { value: 'disabilityCertificate', label: { ru: 'Электронная копия справки об инвалидности', kk: 'Мүгедектігі туралы анықтаманың электрондық көшірмесі' } },
      { value: 'bankAccount', label: { ru: 'Электронная копия документа о наличии счета в банке', kk: 'Банкте шоттың бар екені туралы құжаттың электрондық көшірмесі' } },
    ],
    output: () => [
      note({ ru: 'Заключение комиссии о назначении материального обеспечения.', kk: 'Материалдық қамтамасыз етуді тағайындау туралы комиссия қорытындысы.' }),
      number('amount', { ru: 'Размер материального обеспечения, тенге', kk: 'Материалдық қамтамасыз ету мөлшері, теңге' }, { required: true, min: 0, decimalDigits: 2 }),
      date('periodFrom', { ru: 'На период с', kk: 'Кезеңнің басы' }, { required: true }),
      date('periodTo', { ru: 'На период по', kk: 'Кезеңнің соңы' }, { required: true }),
      list('payments', { ru: 'График выплат', kk: 'Төлем кестесі' }, [
        select('quarter', { ru: 'Квартал', kk: 'Тоқсан' }, ['I', 'II', 'III', 'IV'].map((q) => ({ value: q, label: { ru: q, kk: q } })), { required: true }),
        number('year', { ru: 'Год', kk: 'Жыл' }, { required: true, min: 2000, max: 2100 }),
        number('amount', { ru: 'Сумма выплаты, тенге', kk: 'Төлем сомасы, теңге' }, { required: true, min: 0, decimalDigits: 2 }),
      ]),
      textfield('specialistName', { ru: 'Специалист (Ф.И.О.)', kk: 'Маман (Т.А.Ә.)' }),
    ],
  },
  {
    service: 'preschool-queue',
    routes: ['provider', 'con', 'portal'],
    powerOfAttorney: true,
    decisions: ['direction', 'queue'],
    request: () => [
      heading({ ru: 'Ребенок', kk: 'Бала' }),
      textfield('childFullName', L.childName, { required: true }),
      iin('childIin', L.childIin, { required: true }),
      date('childBirthDate', L.childBirthDate, { required: true }),
      textfield('childHomeAddress', { ru: 'Домашний адрес ребенка', kk: 'Баланың үй мекенжайы' }, { required: true }),
      // «Настоящее уведомление выдано ___ (ФИО родителя)»: the parent is the applicant.
      expression('parentFullName', '=applicantFullName'),
    ],
    documents: STANDARD_DOCUMENTS,
    output: () => [
      textfield('preschoolNumber', { ru: 'Дошкольная организация №', kk: 'Мектепке дейінгі ұйым №' }, { required: true, hide: '=decision != "direction"' }),
      textfield('preschoolName', { ru: 'Наименование дошкольной организации', kk: 'Мектепке дейінгі ұйымның атауы' }, { hide: '=decision != "direction"' }),
      textfield('preschoolCity', { ru: 'Город (поселок)', kk: 'Қала (кент)' }, { required: true, hide: '=decision != "direction"' }),
      textfield('preschoolStreet', { ru: 'Улица, дом', kk: 'Көше, үй' }, { required: true, hide: '=decision != "direction"' }),
      note(
        { ru: 'Номер очереди присваивается системой при постановке на очередь.', kk: 'Кезек нөмірін кезекке қою кезінде жүйе береді.' },
        { hide: '=decision != "queue"' },
      ),
      textfield('specialistName', { ru: 'Специалист отдела образования (Ф.И.О.)', kk: 'Білім бөлімінің маманы (Т.А.Ә.)' }, { hide: '=decision != "queue"' }),
    ],
  },
  {
    service: 'minors-deposits-certificate',
    routes: ['con', 'portal'],
    powerOfAttorney: true,
    decisions: ['issued'],
    idCard: true,
    request: () => [
      number('applicantBirthYear', { ru: 'Год рождения заявителя', kk: 'Өтініш берушінің туған жылы' }, { required: true, min: 1900, max: 2100 }),
      heading({ ru: 'Заявление', kk: 'Өтініш' }),
      radio(
        'variant',
        { ru: 'Справка требуется для', kk: 'Анықтама қажет' },
        [
          { value: 'pension-fund', label: { ru: 'накопительного пенсионного фонда (наследуемые пенсионные накопления)', kk: 'жинақтаушы зейнетақы қоры үшін (мұраға қалған зейнетақы жинақтары)' } },
          { value: 'bank', label: { ru: 'банка (распоряжение вкладами несовершеннолетних)', kk: 'банк үшін (кәмелетке толмағандардың салымдарына билік ету)' } },
          { value: 'road-police', label: { ru: 'подразделения Комитета дорожной полиции (транспортное средство)', kk: 'Жол полициясы комитетінің бөлімшесі үшін (көлік құралы)' } },
        ],
        { required: true },
      ),
      ...childrenList(),
      group(
        { ru: 'Наследуемые пенсионные накопления', kk: 'Мұраға қалған зейнетақы жинақтары' },
        [
          textfield('fundName', { ru: 'Накопительный пенсионный фонд (как в свидетельстве о праве на наследство)', kk: 'Жинақтаушы зейнетақы қоры (мұрагерлік құқық туралы куәліктегідей)' }, { required: true }),
          textfield('deceasedFullName', { ru: 'Ф.И.О. вкладчика (наследодателя)', kk: 'Салымшының (мұра қалдырушының) Т.А.Ә.' }, { required: true }),
          date('deathCertificateDate', { ru: 'Свидетельство о смерти от', kk: 'Қайтыс болу туралы куәліктің күні' }, { required: true }),
          textfield('deathCertificateNumber', { ru: '№ свидетельства о смерти', kk: 'Қайтыс болу туралы куәліктің №' }, { required: true }),
        ],
        { hide: '=variant != "pension-fund"' },
      ),
      group(
        { ru: 'Вклады в банке', kk: 'Банктегі салымдар' },
        [textfield('bankName', { ru: 'Наименование банка', kk: 'Банктің атауы' }, { required: true }), parentFields('father'), parentFields('mother')],
        { hide: '=variant != "bank"' },
      ),
      group(
        { ru: 'Транспортное средство', kk: 'Көлік құралы' },
        [
          textfield('roadPoliceUnit', { ru: 'Территориальное подразделение Комитета дорожной полиции', kk: 'Жол полициясы комитетінің аумақтық бөлімшесі' }, { required: true }),
          textfield('vehicle', { ru: 'Транспортное средство (марка, гос. номер)', kk: 'Көлік құралы (маркасы, мемлекеттік нөмірі)' }, { required: true }),
        ],
        { hide: '=variant != "road-police"' },
      ),
      // The certificate's addressee: the fund, the bank or the road-police unit.
      expression('addressee', '=if variant = "pension-fund" then fundName else if variant = "bank" then bankName else roadPoliceUnit'),
    ],
    documents: [
      ...STANDARD_DOCUMENTS,
      { value: 'birthCertificates', label: { ru: 'Свидетельства о рождении детей', kk: 'Балалардың туу туралы куәліктері' } },
      { value: 'parentsIds', label: { ru: 'Удостоверения личности заявителей', kk: 'Өтініш берушілердің жеке куәліктері' } },
    ],
    output: () => [
      group(
        { ru: 'Свидетельство о праве на наследство', kk: 'Мұрагерлік құқық туралы куәлік' },
        [
          radio('inheritanceBasis', { ru: 'Наследство', kk: 'Мұра' }, [
            { value: 'law', label: { ru: 'по закону', kk: 'заң бойынша' } },
            { value: 'will', label: { ru: 'по завещанию', kk: 'өсиет бойынша' } },
          ], { required: true }),
          date('inheritanceCertificateDate', { ru: 'Свидетельство от', kk: 'Куәліктің күні' }, { required: true }),
          textfield('notaryLicenseNumber', { ru: 'Государственная лицензия нотариуса №', kk: 'Нотариустың мемлекеттік лицензиясы №' }, { required: true }),
          date('notaryLicenseDate', { ru: 'Лицензия от', kk: 'Лицензияның күні' }, { required: true }),
          textfield('notaryLicenseIssuedBy', { ru: 'Кем выдана лицензия', kk: 'Лицензияны кім берген' }, { required: true }),
        ],
        { hide: '=variant != "pension-fund"' },
      ),
      textfield('transaction', { ru: 'Разрешаемое действие с транспортным средством (например: продажу)', kk: 'Көлік құралымен рұқсат етілетін әрекет (мысалы: сату)' }, {
        required: true,
        hide: '=variant != "road-police"',
      }),
    ],
  },
  {
    service: 'guardianship-property-deal-certificate',
    routes: ['con', 'portal'],
    powerOfAttorney: true,
    decisions: ['issued'],
    request: () => [
      heading({ ru: 'Заявление супругов', kk: 'Ерлі-зайыптылардың өтініші' }),
      radio(
        'deal',
        { ru: 'Просим разрешения на', kk: 'Рұқсат сұраймыз' },
        [
          { value: 'sale', label: { ru: 'продажу квартиры', kk: 'пәтерді сатуға' } },
          { value: 'exchange', label: { ru: 'обмен квартиры', kk: 'пәтерді айырбастауға' } },
          { value: 'gift', label: { ru: 'дарение квартиры', kk: 'пәтерді сыйға тартуға' } },
          { value: 'pledge', label: { ru: 'залог квартиры для получения кредита', kk: 'несие алу үшін пәтерді кепілге қоюға' } },
        ],
        { required: true },
      ),
      textfield('propertyAddress', { ru: 'Адрес квартиры', kk: 'Пәтердің мекенжайы' }, { required: true }),
      group(
        { ru: 'Кредит', kk: 'Несие' },
        [
          number('loanAmount', { ru: 'Размер кредита, тенге', kk: 'Несие мөлшері, теңге' }, { required: true, min: 0 }),
          textfield('loanTerm', { ru: 'Срок кредита', kk: 'Несие мерзімі' }, { required: true }),
          textfield('bankLetterNumber', { ru: 'Письмо из банка №', kk: 'Банк хатының №' }, { required: true }),
          textfield('fallbackAddress', {
            ru: 'В случае потери жилья дети будут проживать по адресу',
            kk: 'Тұрғын үйден айырылған жағдайда балалар тұратын мекенжай',
          }, { required: true }),
        ],
        { hide: '=deal != "pledge"' },
      ),
      textfield('futureAddress', { ru: 'Адрес дальнейшего проживания', kk: 'Бұдан әрі тұратын мекенжайы' }, { required: true, hide: '=deal = "pledge"' }),
      ...childrenList(),
      parentFields('father'),
      parentFields('mother'),
    ],
    documents: [
      ...STANDARD_DOCUMENTS,
      {
        value: 'handwrittenCommitment',
        label: {
          ru: 'Собственноручно написанное обязательство и подписи обоих супругов (скан)',
          kk: 'Қолмен жазылған міндеттеме және ерлі-зайыптылардың екеуінің қолы (скан)',
        },
      },
      { value: 'titleDocuments', label: { ru: 'Правоустанавливающие документы на квартиру', kk: 'Пәтерге құқық белгілейтін құжаттар' } },
    ],
    output: () => [
      note({ ru: 'Справка действительна в течение 1 (одного) месяца со дня выдачи.', kk: 'Анықтама берілген күнінен бастап 1 (бір) ай ішінде жарамды.' }),
    ],
  },
  {
    service: 'guardianship-certificate',
    routes: ['con', 'portal'],
    powerOfAttorney: true,
    decisions: ['issued'],
    request: () => [
      textfield('city', { ru: 'Город проживания', kk: 'Тұратын қаласы' }, { required: true }),
      heading({ ru: 'Подопечный', kk: 'Қамқорлықтағы адам' }),
      textfield('childFullName', { ru: 'Фамилия, имя, отчество подопечного', kk: 'Қамқорлықтағы адамның тегі, аты, әкесінің аты' }, { required: true }),
      iin('childIin', { ru: 'ИИН подопечного', kk: 'Қамқорлықтағы адамның ЖСН' }, { required: true }),
      date('childBirthDate', { ru: 'Дата рождения подопечного', kk: 'Қамқорлықтағы адамның туған күні' }, { required: true }),
      // The certificate names the guardian (the applicant) and the ward (the child).
      expression('guardianFullName', '=applicantFullName'),
      expression('wardFullName', '=childFullName'),
      expression('wardBirthDate', '=childBirthDate'),
    ],
    documents: STANDARD_DOCUMENTS,
    extra: (prefix) => [
      [
        `${prefix}-register-refusal`,
        [
          heading({ ru: 'Отказ: запись не найдена в реестре', kk: 'Бас тарту: тізілімде жазба табылмады' }),
          note({
            ru: 'Причина отказа: запись не найдена в Электронном реестре по опеке и попечительству.',
            kk: 'Бас тарту себебі: қорғаншылық және қамқоршылық жөніндегі электрондық тізілімде жазба табылмады.',
          }),
          expression('refusalReason', '="запись не найдена в Электронном реестре по опеке и попечительству"'),
          textfield('headName', { ru: 'Начальник отдела образования (Ф.И.О.), подписывающий отказ', kk: 'Бас тартуға қол қоятын білім бөлімінің бастығы (Т.А.Ә.)' }),
        ],
      ],
    ],
    output: () => [
      textfield('certificateNumber', { ru: 'Справка №', kk: 'Анықтама №' }, { required: true }),
      radio('role', { ru: 'Назначен(а)', kk: 'Тағайындалған' }, [
        { value: 'guardian', label: { ru: 'опекуном', kk: 'қорғаншы' } },
        { value: 'trustee', label: { ru: 'попечителем', kk: 'қамқоршы' } },
      ], { required: true }),
      textfield('resolutionNumber', { ru: 'Постановление акимата города Семей №', kk: 'Семей қаласы әкімдігінің қаулысы №' }, { required: true }),
      date('resolutionDate', { ru: 'Постановление от', kk: 'Қаулының күні' }, { required: true }),
      radio('property', { ru: 'Имущество подопечного', kk: 'Қамқорлықтағы адамның мүлкі' }, [
        { value: 'inventory', label: { ru: 'опись имущества в деле', kk: 'мүлік тізімдемесі істе' } },
        { value: 'none', label: { ru: 'имущества нет', kk: 'мүлік жоқ' } },
      ], { required: true }),
    ],
  },
  {
    service: 'housing-queue',
    routes: ['provider', 'con', 'portal'],
    powerOfAttorney: true,
    decisions: ['queue'],
    request: () => [
      heading({ ru: 'Заявление о постановке на учет', kk: 'Есепке қою туралы өтініш' }),
      select('housingCategory', { ru: 'Категория', kk: 'Санат' }, HOUSING_CATEGORIES, { required: true }),
      number('familySize', { ru: 'Состав семьи, человек', kk: 'Отбасы құрамы, адам' }, { required: true, min: 1, max: 30 }),
    ],
    documents: STANDARD_DOCUMENTS,
    output: () => [
      date('commissionDecisionDate', { ru: 'Решение жилищной комиссии от', kk: 'Тұрғын үй комиссиясы шешімінің күні' }, { required: true }),
      select('housingCategory', { ru: 'Категория (по решению комиссии)', kk: 'Санат (комиссия шешімі бойынша)' }, HOUSING_CATEGORIES, { required: true }),
      number('familySize', { ru: 'Состав семьи, человек', kk: 'Отбасы құрамы, адам' }, { required: true, min: 1, max: 30 }),
      // The notice prints the category by name: «по категории «___»».
      expression(
        'category',
        `=${HOUSING_CATEGORIES.map((c) => `if housingCategory = "${c.value}" then "${c.label.ru}" else `).join('')}housingCategory`,
      ),
    ],
  },
];

function build(id: string, components: Component[]): FormSchema {
  resetIds();
  return form(id, components);
}

/** Every form of one service, by form id. */
export function formsOf(service: string, prefix = service): FormSchema[] {
  const s = SERVICES.find((candidate) => candidate.service === service);
  if (!s) throw new Error(`No Semey forms for service '${service}'`);
  const staff = s.routes.includes('provider') || s.routes.includes('con');
  const out: FormSchema[] = [];
  if (s.routes.includes('portal')) {
    out.push(
      build(`${prefix}-application`, [
        ...applicantFields({ idCard: s.idCard }),
        ...s.request(),
        ...attachmentFields(s.documents),
        // процесс 3: «выбор потребителем регистрационного свидетельства ЭЦП для удостоверения (подписания) запроса».
        signatureField({ ru: 'Запрос, подписанный ЭЦП заявителя', kk: 'Өтініш берушінің ЭЦҚ-сымен қол қойылған сұрау салу' }),
      ]),
    );
  }
  if (s.routes.includes('provider')) {
    out.push(build(`${prefix}-intake`, [...applicantFields({ idCard: s.idCard }), ...s.request()]));
  }
  if (s.routes.includes('con')) {
    out.push(
      build(`${prefix}-con-intake`, [
        ...applicantFields({ idCard: s.idCard }),
        ...s.request(),
        ...(s.powerOfAttorney ? powerOfAttorneyFields() : []),
      ]),
    );
  }
  if (staff) out.push(build(`${prefix}-documents`, documentsForm(s.documents)));
  out.push(build(`${prefix}-review`, reviewFields(s.decisions, s.output())));
  if (s.routes.includes('con')) out.push(build(`${prefix}-handover`, handoverFields()));
  for (const [id, components] of s.extra?.(prefix) ?? []) out.push(build(id, components));
  return out;
}

export const semeyServices = SERVICES.map((s) => s.service);
