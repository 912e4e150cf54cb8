// Form fragments every Semey service shares: applicant data, power of attorney, documents, decision, hand-over.
import {
  checkbox,
  checklist,
  date,
  expression,
  files,
  group,
  heading,
  iin,
  list,
  note,
  radio,
  textarea,
  textfield,
  type Choice,
  type Component,
  type Label,
} from './form-kit.js';

export const L = {
  applicant: { ru: 'Заявитель (потребитель)', kk: 'Өтініш беруші (тұтынушы)' },
  applicantIin: { ru: 'ИИН заявителя', kk: 'Өтініш берушінің ЖСН' },
  applicantName: { ru: 'Фамилия, имя, отчество заявителя', kk: 'Өтініш берушінің тегі, аты, әкесінің аты' },
  address: { ru: 'Адрес проживания', kk: 'Тұрғылықты мекенжайы' },
  phone: { ru: 'Телефон', kk: 'Телефон' },
  email: { ru: 'Электронная почта', kk: 'Электрондық пошта' },
  idNumber: { ru: '№ удостоверения личности', kk: 'Жеке куәліктің №' },
  idIssuer: { ru: 'Кем выдано', kk: 'Кім берген' },
  idDate: { ru: 'Дата выдачи', kk: 'Берілген күні' },
  childName: { ru: 'Фамилия, имя, отчество ребенка', kk: 'Баланың тегі, аты, әкесінің аты' },
  childIin: { ru: 'ИИН ребенка', kk: 'Баланың ЖСН' },
  childBirthDate: { ru: 'Дата рождения ребенка', kk: 'Баланың туған күні' },
} satisfies Record<string, Label>;

/** Applicant identity and contacts; the IIN is what ГБД ФЛ is asked about (процесс 3). */
export function applicantFields(options: { idCard?: boolean } = {}): Component[] {
  return [
    heading(L.applicant),
    iin('applicantIin', L.applicantIin, { required: true }),
    textfield('applicantFullName', L.applicantName, { required: true }),
    ...(options.idCard
      ? [
          textfield('idNumber', L.idNumber, { required: true, maxLength: 20 }),
          textfield('idIssuedBy', L.idIssuer, { required: true }),
          date('idIssuedOn', L.idDate, { required: true }),
        ]
      : []),
    textfield('address', L.address, { required: true }),
    textfield('phone', L.phone, { required: true }),
    textfield('applicantEmail', L.email, { pattern: '^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$' }),
  ];
}

/** Representative with a notarised power of attorney (процесс 2 of the ЦОН route, S3–S7); checked in ЕНИС. */
export function powerOfAttorneyFields(): Component[] {
  const shown = '=powerOfAttorneyNotarized != true';
  return [
    checkbox('powerOfAttorneyNotarized', {
      ru: 'Обращается представитель по нотариально удостоверенной доверенности',
      kk: 'Нотариат куәландырған сенімхат бойынша өкіл жүгінеді',
    }),
    note(
      {
        ru: 'При ином удостоверении доверенности данные доверенности не заполняются.',
        kk: 'Сенімхат өзгеше куәландырылған жағдайда сенімхат деректері толтырылмайды.',
      },
    ),
    group(
      { ru: 'Доверенность представителя (проверяется в ЕНИС)', kk: 'Өкілдің сенімхаты (БНАЖ-да тексеріледі)' },
      [
        iin('representativeIin', { ru: 'ИИН представителя', kk: 'Өкілдің ЖСН' }, { required: true }),
        textfield('representativeName', { ru: 'Фамилия, имя, отчество представителя', kk: 'Өкілдің тегі, аты, әкесінің аты' }, { required: true }),
        textfield('powerOfAttorneyNumber', { ru: 'Номер доверенности в реестре нотариуса', kk: 'Нотариус тізіліміндегі сенімхаттың нөмірі' }, { required: true }),
        date('powerOfAttorneyDate', { ru: 'Дата доверенности', kk: 'Сенімхаттың күні' }, { required: true }),
      ],
      { hide: shown },
    ),
  ];
}

/**
 * The signed request: the tasklist and the portal fill a field named signedRequest by signing the form's data with
 * the user's ЭЦП (it is never typed). eds-verify-signature reads it on the ПЭП route (условие 2).
 */
export function signatureField(text: Label): Component {
  return textfield('signedRequest', text, {
    required: true,
    readonly: true,
    description: { ru: 'Заполняется средством подписи ЭЦП', kk: 'ЭЦҚ қол қою құралы толтырады' },
  });
}

/** процесс 5 of routes B and C: paper documents marked, scanned, attached; the form is then signed with ЭЦП. */
export function documentsForm(documents: Choice[]): Component[] {
  return [
    heading({ ru: 'Документы, представленные потребителем', kk: 'Тұтынушы ұсынған құжаттар' }),
    checklist(
      'paperDocuments',
      { ru: 'Отметка о наличии документов в бумажной форме', kk: 'Қағаз түріндегі құжаттардың бар екені туралы белгі' },
      documents,
      { required: true },
    ),
    files('scannedDocuments', { ru: 'Сканированные документы', kk: 'Сканерленген құжаттар' }, { required: true }),
    signatureField({ ru: 'Запрос, удостоверенный ЭЦП сотрудника', kk: 'Қызметкердің ЭЦҚ-сымен куәландырылған сұрау салу' }),
  ];
}

export const DECISION_LABEL: Label = { ru: 'Решение по результатам проверки документов', kk: 'Құжаттарды тексеру нәтижесі бойынша шешім' };

export const DECISIONS: Record<'issued' | 'direction' | 'queue' | 'refusal', Label> = {
  issued: { ru: 'Документы соответствуют: выдать результат', kk: 'Құжаттар сәйкес: нәтижені беру' },
  direction: { ru: 'Выдать направление в ДДО', kk: 'МДҰ-ға жолдама беру' },
  queue: { ru: 'Поставить на очередь', kk: 'Кезекке қою' },
  refusal: { ru: 'Мотивированный отказ', kk: 'Дәлелді бас тарту' },
};

/** The review of условие 2/3: the decision, a required reason on refusal, and the data the output needs. */
export function reviewFields(decisions: Array<'issued' | 'direction' | 'queue'>, outputFields: Component[]): Component[] {
  const choices: Choice[] = [...decisions, 'refusal' as const].map((value) => ({ value, label: DECISIONS[value] }));
  return [
    heading({ ru: 'Проверка (обработка) соответствия приложенных документов', kk: 'Қоса берілген құжаттардың сәйкестігін тексеру (өңдеу)' }),
    note({
      ru: 'Проверьте соответствие приложенных документов, указанных в Стандарте, и основания для оказания услуги.',
      kk: 'Стандартта көрсетілген қоса берілген құжаттардың сәйкестігін және қызмет көрсету негіздерін тексеріңіз.',
    }),
    radio('decision', DECISION_LABEL, choices, { required: true }),
    textarea('refusalReason', { ru: 'Причина отказа', kk: 'Бас тарту себебі' }, { required: true, hide: '=decision != "refusal"' }),
    textfield('headName', { ru: 'Начальник отдела (Ф.И.О.), подписывающий документ', kk: 'Құжатқа қол қоятын бөлім бастығы (Т.А.Ә.)' }),
    ...(outputFields.length
      ? [group({ ru: 'Данные выходного документа', kk: 'Шығыс құжаттың деректері' }, outputFields, { hide: '=decision = null or decision = "refusal"' })]
      : []),
  ];
}

/** процесс 9 of the ЦОН route: the operator hands the result over. */
export function handoverFields(): Component[] {
  return [
    heading({ ru: 'Выдача результата потребителю', kk: 'Нәтижені тұтынушыға беру' }),
    note({
      ru: 'Результат получен из АРМ РШЭП. Выдайте его потребителю или его представителю и отметьте выдачу.',
      kk: 'Нәтиже АЖО ӨЭҮШ-тен алынды. Оны тұтынушыға немесе оның өкіліне беріп, берілгенін белгілеңіз.',
    }),
    checkbox('resultHandedOver', { ru: 'Результат выдан', kk: 'Нәтиже берілді' }, { required: true }),
    radio(
      'receivedBy',
      { ru: 'Кому выдан', kk: 'Кімге берілді' },
      [
        { value: 'applicant', label: { ru: 'Потребителю лично', kk: 'Тұтынушының өзіне' } },
        { value: 'representative', label: { ru: 'Представителю по доверенности', kk: 'Сенімхат бойынша өкілге' } },
      ],
      { required: true },
    ),
    textarea('handoverNote', { ru: 'Примечание', kk: 'Ескертпе' }),
  ];
}

/**
 * A repeating list of minors (S4, S5): name, IIN, birth date, birth certificate, consent of children over 10; and
 * `children`, the line the certificate prints («Ф.И.О. ребенка, год рождения»).
 */
export function childrenList(): Component[] {
  return [
    list('childrenList', { ru: 'Несовершеннолетние дети', kk: 'Кәмелетке толмаған балалар' }, [
      textfield('name', L.childName, { required: true }),
      iin('iin', L.childIin, { required: true }),
      date('birthDate', L.childBirthDate, { required: true }),
      textfield('birthCertificateNumber', { ru: '№ свидетельства о рождении', kk: 'Туу туралы куәліктің №' }, { required: true }),
      checkbox('consent', {
        ru: 'Ребенок старше 10 лет согласен («согласны»)',
        kk: '10 жастан асқан бала келіседі («келісеміз»)',
      }),
    ]),
    expression('children', '=string join(for c in childrenList return c.name + ", " + substring(c.birthDate, 1, 4) + " г.р.", "; ")'),
  ];
}

/** Parent data as the S4/S5 applications ask: name, ID card number, issued by and when. */
export function parentFields(key: 'father' | 'mother'): Component {
  const title = key === 'father' ? { ru: 'Сведения об отце', kk: 'Әкесі туралы мәліметтер' } : { ru: 'Сведения о матери', kk: 'Анасы туралы мәліметтер' };
  return group(
    title,
    [
      textfield('name', { ru: 'Фамилия, имя, отчество', kk: 'Тегі, аты, әкесінің аты' }, { required: true }),
      iin('iin', { ru: 'ИИН', kk: 'ЖСН' }),
      textfield('idNumber', L.idNumber, { required: true }),
      textfield('idIssuer', L.idIssuer, { required: true }),
      date('idDate', L.idDate, { required: true }),
    ],
    { path: key },
  );
}

/** Attachments of the portal application (процесс 3: «копии документов в электронном виде, указанные в пункте 11 Стандарта»). */
export function attachmentFields(documents: Choice[]): Component[] {
  return [
    heading({ ru: 'Прилагаемые документы', kk: 'Қоса берілетін құжаттар' }),
    ...documents.map((document) => files(`attachment_${document.value}`, document.label, { required: true })),
  ];
}
