// The form-js schemas of the preschool регламенты (seeds 000–002): one bilingual form per task kind,
// labels «Русский / Қазақша». Run `npx tsx scripts/authoring/models/preschool-forms.ts` to rewrite forms/preschool-*.form.
import { writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

type Component = Record<string, unknown>;
export interface FormSchema {
  id: string;
  type: 'default';
  schemaVersion: 16;
  executionPlatform: 'Camunda Platform';
  executionPlatformVersion: '7.21.0';
  exporter: { name: string; version: string };
  components: Component[];
}

export const IIN_PATTERN = '^\\d{12}$';

let counter = 0;
const fieldId = (key: string): string => `Field_${key.replace(/[^\w]/g, '_')}_${++counter}`;

const text = (markdown: string): Component => ({ type: 'text', id: fieldId('text'), text: markdown });
const field = (key: string, label: string, opts: Component = {}): Component => ({ type: 'textfield', key, id: fieldId(key), label, ...opts });
const required = { validate: { required: true } };
const iin = (key: string, label: string): Component =>
  field(key, label, { description: '12 цифр / 12 сан', validate: { required: true, pattern: IIN_PATTERN, minLength: 12, maxLength: 12 } });
const date = (key: string, label: string, isRequired = true): Component =>
  ({ type: 'datetime', key, id: fieldId(key), subtype: 'date', dateLabel: label, ...(isRequired ? required : {}) });
const textarea = (key: string, label: string, opts: Component = {}): Component => ({ type: 'textarea', key, id: fieldId(key), label, ...opts });
const checkbox = (key: string, label: string, isRequired = true): Component =>
  ({ type: 'checkbox', key, id: fieldId(key), label, ...(isRequired ? required : {}) });
const radio = (key: string, label: string, values: Array<[string, string]>, opts: Component = {}): Component =>
  ({ type: 'radio', key, id: fieldId(key), label, values: values.map(([value, l]) => ({ value, label: l })), ...required, ...opts });
/** Filled by the web app (signer, session), shown read-only so the user sees what is recorded. */
const machine = (key: string, label: string, description: string): Component =>
  field(key, label, { readonly: true, description, ...required });

/**
 * Attachments the Standard asks for. The регламенты only say «заявление и необходимые документы,
 * указанные в пункте 11 Стандарта» / «оригиналы необходимых документов» (spec §6.1); this list is
 * the Standard's, an inferred decision recorded in each manifest.
 */
export const DOCUMENTS: Array<[string, string]> = [
  ['application', 'Заявление / Өтініш'],
  ['parent-identity', 'Документ, удостоверяющий личность родителя (законного представителя) / Ата-ананың (заңды өкілінің) жеке басын куәландыратын құжат'],
  ['birth-certificate', 'Свидетельство о рождении ребенка / Баланың туу туралы куәлігі'],
  ['residence', 'Документ, подтверждающий место жительства / Тұрғылықты жерін растайтын құжат'],
  ['benefit', 'Документ, подтверждающий право на льготу (при наличии) / Жеңілдікке құқығын растайтын құжат (бар болса)'],
  ['health', 'Справка о состоянии здоровья ребенка (при наличии) / Баланың денсаулық жағдайы туралы анықтама (бар болса)'],
];

function form(id: string, components: Component[]): FormSchema {
  return {
    id, type: 'default', schemaVersion: 16,
    executionPlatform: 'Camunda Platform', executionPlatformVersion: '7.21.0',
    exporter: { name: 'reglament authoring', version: '1.0' },
    components,
  };
}

const childAndParent = (): Component[] => [
  text('### Ребенок / Бала'),
  field('childLastName', 'Фамилия ребенка / Баланың тегі', required),
  field('childFirstName', 'Имя ребенка / Баланың аты', required),
  field('childMiddleName', 'Отчество ребенка (при наличии) / Баланың әкесінің аты (бар болса)'),
  iin('childIin', 'ИИН ребенка / Баланың ЖСН'),
  date('childBirthDate', 'Дата рождения ребенка / Баланың туған күні'),
  field('childBirthCertificate', '№ свидетельства о рождении / Туу туралы куәліктің №', required),
  text('### Родитель (законный представитель) / Ата-ана (заңды өкілі)'),
  iin('applicantIin', 'ИИН родителя / Ата-ананың ЖСН'),
  field('applicantName', 'Ф.И.О. родителя / Ата-ананың аты-жөні', required),
  field('applicantAddress', 'Домашний адрес / Үй мекенжайы', required),
  field('applicantPhone', 'Телефон / Телефон', required),
  field('applicantEmail', 'Электронная почта (для выдачи результата) / Электрондық пошта (нәтижені беру үшін)', {
    validate: { validationType: 'email' },
  }),
  field('preferredOrganization', 'Желаемая дошкольная организация (при наличии) / Қалаған мектепке дейінгі ұйым (бар болса)'),
  {
    type: 'select', key: 'benefitCategory', id: fieldId('benefitCategory'), label: 'Право на льготу / Жеңілдікке құқығы',
    values: [
      { value: 'none', label: 'Нет / Жоқ' },
      { value: 'large-family', label: 'Многодетная семья / Көп балалы отбасы' },
      { value: 'disability', label: 'Инвалидность ребенка или родителя / Баланың немесе ата-ананың мүгедектігі' },
      { value: 'orphan', label: 'Ребенок-сирота, без попечения родителей / Жетім бала, ата-ананың қамқорлығынсыз қалған бала' },
      { value: 'other', label: 'Иное (указать в документах) / Басқа (құжаттарда көрсету)' },
    ],
    defaultValue: 'none', ...required,
  },
];

export const PRESCHOOL_FORMS: FormSchema[] = [
  form('preschool-intake', [
    text('## Прием заявления и документов / Өтініш пен құжаттарды қабылдау\nПроверка подлинности заявления и документов (оригиналы), ввод данных. Результат — расписка.\n\nӨтініш пен құжаттардың (түпнұсқалардың) дұрыстығын тексеру, деректерді енгізу.'),
    { type: 'checklist', key: 'receivedDocuments', id: fieldId('receivedDocuments'), label: 'Представленные документы / Ұсынылған құжаттар',
      values: DOCUMENTS.map(([value, label]) => ({ value, label })), validate: { required: true } },
    checkbox('originalsVerified', 'Подлинность документов (оригиналов) проверена / Құжаттардың (түпнұсқалардың) дұрыстығы тексерілді'),
    checkbox('receiptIssued', 'Расписка о приеме документов выдана / Құжаттарды қабылдағаны туралы қолхат берілді', false),
    textarea('intakeNote', 'Замечания / Ескертпелер'),
  ]),
  form('preschool-sign-in', [
    text('## Авторизация / Авторизациялау\nВход в информационную систему по ИИН и паролю (либо ЭЦП). Пароль в процесс не передается: система записывает только сеанс входа.\n\nАқпараттық жүйеге ЖСН мен пароль (немесе ЭСҚ) арқылы кіру. Пароль процеске берілмейді.'),
    // Not required: without a session the authorize worker refuses (процесс 2), which is the act's answer.
    field('authSession', 'Сеанс входа / Кіру сеансы', { readonly: true, description: 'Заполняется системой после входа / Кіргеннен кейін жүйе толтырады' }),
  ]),
  form('preschool-application', [
    text('## Заявление / Өтініш\nПостановка на очередь (регистрация) детей дошкольного возраста (до 7 лет) для направления в детские дошкольные организации.\n\nМектепке дейінгі балалар ұйымдарына жолдама беру үшін мектеп жасына дейінгі (7 жасқа дейінгі) балаларды тіркеу.'),
    ...childAndParent(),
    text('### Прилагаемые документы (сканированные копии) / Қоса берілетін құжаттар (сканерленген көшірмелері)'),
    { type: 'checklist', key: 'attachedDocuments', id: fieldId('attachedDocuments'), label: 'Приложены / Қоса берілді',
      values: DOCUMENTS.map(([value, label]) => ({ value, label })), validate: { required: true } },
    { type: 'filepicker', key: 'attachments', id: fieldId('attachments'), label: 'Сканированные документы / Сканерленген құжаттар', multiple: true, accept: '.pdf,.jpg,.jpeg,.png' },
  ]),
  form('preschool-signing', [
    text('## Подписание запроса ЭЦП / Сұрау салуға ЭСҚ арқылы қол қою\nПодписываются введенные данные и сканированные документы запроса.\n\nСұрау салудың енгізілген деректері мен сканерленген құжаттарына қол қойылады.'),
    text('Ребенок / Бала: **{{childLastName}} {{childFirstName}}**, {{childBirthDate}}\n\nИИН ребенка / Баланың ЖСН: {{childIin}}\n\nРодитель / Ата-ана: **{{applicantName}}**, ИИН / ЖСН: {{applicantIin}}'),
    machine('signedRequest', 'Подписанный запрос (XML) / Қол қойылған сұрау салу (XML)', 'Заполняется средством подписи ЭЦП / ЭСҚ қол қою құралы толтырады'),
  ]),
  form('preschool-processing', [
    text('## Обработка запроса / Сұрау салуды өңдеу\nПроверка документов, принятие заявления в работу.\n\nҚұжаттарды тексеру, өтінішті жұмысқа қабылдау.'),
    text('Ребенок / Бала: **{{childLastName}} {{childFirstName}}**, {{childBirthDate}}\n\nРегистрационный номер / Тіркеу нөмірі: {{requestNumber}}'),
    checkbox('documentsChecked', 'Документы проверены / Құжаттар тексерілді'),
    checkbox('acceptedForWork', 'Заявление принято в работу / Өтініш жұмысқа қабылданды'),
    textarea('processingNote', 'Замечания / Ескертпелер'),
  ]),
  form('preschool-decision', [
    text('## Результат оказания услуги / Қызмет көрсету нәтижесі\nНаправление в ДДО; при отсутствии мест — уведомление о постановке на очередь (регистрации); либо мотивированный ответ об отказе.\n\nМБҰ-ға жолдама; бос орын болмаса — кезекке қою (тіркеу) туралы хабарлама; немесе дәлелді бас тарту.'),
    text('Ребенок / Бала: **{{childLastName}} {{childFirstName}}**, {{childBirthDate}}'),
    radio('decision', 'Решение / Шешім', [
      ['direction', 'Направление в детскую дошкольную организацию / Мектепке дейінгі ұйымға жолдама'],
      ['queue', 'Мест нет: уведомление о постановке на очередь (регистрации) / Орын жоқ: кезекке қою (тіркеу) туралы хабарлама'],
      ['refusal', 'Мотивированный отказ / Дәлелді бас тарту'],
    ]),
    // Named as the direction's output form (src/documents/forms/preschool-direction.ts) reads them.
    field('preschoolNumber', 'Дошкольная организация № / Мектепке дейінгі ұйым №', {
      ...required, conditional: { hide: '=decision != "direction"' },
    }),
    field('preschoolName', 'Наименование дошкольной организации / Мектепке дейінгі ұйымның атауы', {
      conditional: { hide: '=decision != "direction"' },
    }),
    field('preschoolCity', 'Город (поселок) / Қала (кент)', {
      ...required, conditional: { hide: '=decision != "direction"' },
    }),
    field('preschoolStreet', 'Улица, дом / Көше, үй', {
      ...required, conditional: { hide: '=decision != "direction"' },
    }),
    textarea('refusalReason', 'Причина отказа / Бас тарту себебі', {
      ...required, conditional: { hide: '=decision != "refusal"' },
    }),
  ]),
  form('preschool-output', [
    text('## Создание выходного документа / Шығыс құжатын қалыптастыру\nПроверьте сформированный документ перед подписанием.\n\nҚол қоймас бұрын қалыптастырылған құжатты тексеріңіз.'),
    text('Документ / Құжат: {{documentId}}'),
    checkbox('outputChecked', 'Выходной документ проверен / Шығыс құжаты тексерілді'),
  ]),
  form('preschool-output-signing', [
    text('## Подписание выходного документа ЭЦП / Шығыс құжатқа ЭСҚ арқылы қол қою'),
    text('Документ / Құжат: {{documentId}}'),
    machine('signedDocument', 'Подписанный выходной документ (XML) / Қол қойылған шығыс құжат (XML)', 'Заполняется средством подписи ЭЦП / ЭСҚ қол қою құралы толтырады'),
  ]),
  form('preschool-handover', [
    text('## Выдача результата / Нәтижені беру\nНарочно или посредством отправки на электронную почту получателя.\n\nҚолма-қол немесе тұтынушының электрондық поштасына жіберу арқылы.'),
    text('Документ / Құжат: {{documentId}}'),
    radio('deliveryChannel', 'Способ выдачи / Беру тәсілі', [
      ['hand', 'Нарочно / Қолма-қол'],
      ['email', 'На электронную почту / Электрондық поштаға'],
    ]),
    field('applicantEmail', 'Электронная почта получателя / Тұтынушының электрондық поштасы', {
      validate: { required: true, validationType: 'email' }, conditional: { hide: '=deliveryChannel != "email"' },
    }),
    checkbox('handedOver', 'Результат выдан получателю / Нәтиже тұтынушыға берілді'),
  ]),
];

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const formsDir = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'forms');
  for (const schema of PRESCHOOL_FORMS) {
    await writeFile(join(formsDir, `${schema.id}.form`), `${JSON.stringify(schema, null, 2)}\n`);
    console.log(`wrote forms/${schema.id}.form`);
  }
}
