// Russian and Kazakh strings of the web apps; the language switch on every page picks one.
export const strings = {
  ru: {
    appName: 'reglament — электронные государственные услуги',
    operator: 'Рабочее место специалиста', portal: 'Портал электронного правительства', analyst: 'Регламенты (аналитик)',
    signIn: 'Войти', signOut: 'Выйти', login: 'Логин или ИИН', password: 'Пароль', signInEds: 'Войти с ЭЦП',
    register: 'Регистрация', iin: 'ИИН', firstName: 'Имя', lastName: 'Фамилия', email: 'Электронная почта', akimat: 'Акимат',
    tasks: 'Задачи', service: 'Услуга', route: 'Маршрут', status: 'Статус', due: 'Срок', all: 'Все',
    claimed: 'Взятые мной', unassigned: 'Свободные', overdue: 'Просроченные', claim: 'Взять в работу', unclaim: 'Вернуть',
    complete: 'Завершить', refuse: 'Мотивированный отказ', refusalReason: 'Причина отказа', sign: 'Подписать ЭЦП',
    signed: 'Подписано ЭЦП', attachments: 'Сканированные документы', attach: 'Прикрепить', history: 'История',
    applicationData: 'Данные заявления', registryData: 'Данные ГБД ФЛ', back: 'Назад', save: 'Сохранить', deploy: 'Развернуть',
    services: 'Услуги', apply: 'Подать заявление', myRequests: 'История получения услуг', download: 'Скачать документ',
    survey: 'Анкета', send: 'Отправить', supervisor: 'Просроченные шаги по специалистам', noTasks: 'Задач нет',
    workingDaysLeft: 'раб. дн.', hoursLeft: 'ч', minutesLeft: 'мин', overdueBy: 'просрочено', required: 'Обязательное поле',
    errorNetwork: 'Сервер недоступен. Данные формы сохранены, повторите отправку.', errorGeneric: 'Ошибка',
    fileTooLarge: 'Файл больше 5 МБ', fileType: 'Допустимы PDF, JPEG, PNG', versions: 'Версии', validity: 'Действует',
    active: 'Активных', elementInfo: 'Шаг регламента', limit: 'Срок',
    basisBorrowed: 'Не из этого регламента', basisConvention: 'Правило продукта, не регламента', basisNotInAct: 'В регламенте нет', validityUnknown: 'срок действия неизвестен', edit: 'Редактировать', draft: 'Черновик',
    compare: 'Сравнить с развернутой', uploadBundle: 'Развернуть пакет (файлы)', lint: 'Проверка', submitted: 'Заявление отправлено',
    waiting: 'Ожидание следующего шага…', sent: 'Отправлено', thanks: 'Спасибо за ответ', tenant: 'Акимат', share: 'В срок',
    errorInvalid: 'Неверные данные запроса', errorAuth: 'Не удалось войти: неверный логин, пароль или подпись, либо сессия истекла', errorForbidden: 'Нет доступа',
    errorNotFound: 'Не найдено или нет доступа', errorConflict: 'Данные изменены другим пользователем, обновите страницу',
    errorTooLarge: 'Слишком большой файл или запрос', errorRateLimit: 'Слишком много попыток, подождите минуту',
    errorParse: 'Файл BPMN содержит ошибки', errorNotInForce: 'Регламент не действует на эту дату', errorEngine: 'Ошибка исполнения процесса',
    errorServer: 'Внутренняя ошибка сервера, повторите позже',
    free: 'не назначена', created: 'Создана', sortBy: 'Сортировка', specialist: 'Специалист', steps: 'Шаги',
    escalated: 'эскалация', noOverdue: 'Просроченных шагов нет', requestNumber: 'Номер заявления', open: 'Открыть',
    elementHint: 'Выберите элемент схемы, чтобы увидеть шаг регламента и срок', instances: 'экземпляров',
    repealedBy: 'Отменен', workingDays: 'рабочие дни', findings: 'Замечаний', noFindings: 'Замечаний нет',
    added: 'Добавлены', removed: 'Удалены', changed: 'Изменены', limitsChanged: 'Изменены сроки', noChanges: 'Изменений нет',
    deployed: 'Развернута версия', files: 'Файлы', language: 'Язык', drafts: 'Черновики', chooseFiles: 'Выбрать файлы…', route_provider: 'через услугодателя', fixFields: 'Заполните обязательные поля', dueToday: 'Истекает сегодня', daysShort: 'дн.', dueWeek: 'В течение 5 раб. дней', useNcaLayer: 'Подписывать через NCALayer (если установлен)', task: 'Задача', assignee: 'Исполнитель', routeShort_provider: 'услугодатель', routeShort_con: 'ЦОН', routeShort_portal: 'ПЭП', activeSteps: 'Шагов в работе', overdueSteps: 'из них просрочено', formErrors: { 'Field is required.': 'Обязательное поле.', pattern: 'Неверный формат.', 'Value is not a number.': 'Значение не является числом.' }, signFirst: 'Сначала подпишите данные ЭЦП (кнопка «Подписать ЭЦП»)', queueNumber: 'Номер очередности', queuePosition: 'место в очереди', route_con: 'через ЦОН', route_portal: 'через ПЭП', importAct: 'Импорт акта', actText: 'Текст регламента (.txt)', openInModeler: 'Открыть в редакторе', routes: 'Маршруты', skippedLostForce: 'Пропущены (утратили силу)', downloadFile: 'Скачать',
    newRequest: 'Новое заявление', startRequest: 'Начать', noRoutes: 'Нет услуг, которые вы оформляете', routeEnded: 'Маршрут завершен', outputDocument: 'Выходной документ', verificationCode: 'Код проверки', signedInAs: 'Вход выполнен (сеанс будет проверен)',
    systemVariables: { requestNumber: 'Номер заявления', receivedAt: 'Дата поступления', requestStatus: 'Статус заявления',
      signatureValid: 'ЭЦП подтверждена', authorized: 'Авторизация подтверждена', authorizedUser: 'Пользователь', shepMessageId: 'Сообщение ШЭП',
      applicantEmail: 'Электронная почта', queueNumber: 'Номер очередности' },
  },
  kk: {
    appName: 'reglament — электрондық мемлекеттік қызметтер',
    operator: 'Маманның жұмыс орны', portal: 'Электрондық үкімет порталы', analyst: 'Регламенттер (талдаушы)',
    signIn: 'Кіру', signOut: 'Шығу', login: 'Логин немесе ЖСН', password: 'Құпиясөз', signInEds: 'ЭЦҚ арқылы кіру',
    register: 'Тіркелу', iin: 'ЖСН', firstName: 'Аты', lastName: 'Тегі', email: 'Электрондық пошта', akimat: 'Әкімдік',
    tasks: 'Тапсырмалар', service: 'Қызмет', route: 'Бағыт', status: 'Мәртебе', due: 'Мерзім', all: 'Барлығы',
    claimed: 'Менің алғандарым', unassigned: 'Бос', overdue: 'Мерзімі өткен', claim: 'Жұмысқа алу', unclaim: 'Қайтару',
    complete: 'Аяқтау', refuse: 'Дәлелді бас тарту', refusalReason: 'Бас тарту себебі', sign: 'ЭЦҚ-мен қол қою',
    signed: 'ЭЦҚ-мен қол қойылды', attachments: 'Сканерленген құжаттар', attach: 'Тіркеу', history: 'Тарих',
    applicationData: 'Өтініш деректері', registryData: 'ЖТ МДҚ деректері', back: 'Артқа', save: 'Сақтау', deploy: 'Орналастыру',
    services: 'Қызметтер', apply: 'Өтініш беру', myRequests: 'Қызмет алу тарихы', download: 'Құжатты жүктеу',
    survey: 'Сауалнама', send: 'Жіберу', supervisor: 'Мамандар бойынша мерзімі өткен қадамдар', noTasks: 'Тапсырма жоқ',
    workingDaysLeft: 'жұм. күн', hoursLeft: 'сағ', minutesLeft: 'мин', overdueBy: 'мерзімі өтті', required: 'Міндетті өріс',
    errorNetwork: 'Сервер қолжетімсіз. Нысан деректері сақталды, қайта жіберіңіз.', errorGeneric: 'Қате',
    fileTooLarge: 'Файл 5 МБ-тан үлкен', fileType: 'PDF, JPEG, PNG рұқсат етілген', versions: 'Нұсқалар', validity: 'Қолданылады',
    active: 'Белсенді', elementInfo: 'Регламент қадамы', limit: 'Мерзім',
    basisBorrowed: 'Осы регламенттен емес', basisConvention: 'Өнім ережесі, регламентте жоқ', basisNotInAct: 'Регламентте жоқ', validityUnknown: 'қолданылу мерзімі белгісіз', edit: 'Өңдеу', draft: 'Жоба',
    compare: 'Орналастырылғанмен салыстыру', uploadBundle: 'Пакетті орналастыру (файлдар)', lint: 'Тексеру', submitted: 'Өтініш жіберілді',
    waiting: 'Келесі қадамды күту…', sent: 'Жіберілді', thanks: 'Жауабыңызға рахмет', tenant: 'Әкімдік', share: 'Мерзімінде',
    errorInvalid: 'Сұрау деректері қате', errorAuth: 'Кіру мүмкін болмады: логин, құпиясөз немесе қолтаңба қате, не сессия аяқталды', errorForbidden: 'Қолжетімділік жоқ',
    errorNotFound: 'Табылмады немесе қолжетімділік жоқ', errorConflict: 'Деректерді басқа пайдаланушы өзгертті, бетті жаңартыңыз',
    errorTooLarge: 'Файл немесе сұрау тым үлкен', errorRateLimit: 'Тым көп әрекет, бір минут күтіңіз',
    errorParse: 'BPMN файлында қателер бар', errorNotInForce: 'Регламент бұл күні қолданылмайды', errorEngine: 'Процесті орындау қатесі',
    errorServer: 'Сервердің ішкі қатесі, кейінірек қайталаңыз',
    free: 'тағайындалмаған', created: 'Құрылған', sortBy: 'Сұрыптау', specialist: 'Маман', steps: 'Қадамдар',
    escalated: 'эскалация', noOverdue: 'Мерзімі өткен қадамдар жоқ', requestNumber: 'Өтініш нөмірі', open: 'Ашу',
    elementHint: 'Регламент қадамы мен мерзімін көру үшін сызба элементін таңдаңыз', instances: 'дана',
    repealedBy: 'Күшін жойған', workingDays: 'жұмыс күндері', findings: 'Ескертулер', noFindings: 'Ескертулер жоқ',
    added: 'Қосылғандар', removed: 'Жойылғандар', changed: 'Өзгертілгендер', limitsChanged: 'Мерзімдері өзгерген', noChanges: 'Өзгерістер жоқ',
    deployed: 'Орналастырылған нұсқа', files: 'Файлдар', language: 'Тіл', drafts: 'Жобалар', chooseFiles: 'Файлдарды таңдау…', route_provider: 'көрсетілетін қызметті беруші арқылы', fixFields: 'Міндетті өрістерді толтырыңыз', dueToday: 'Бүгін аяқталады', daysShort: 'күн', dueWeek: '5 жұмыс күні ішінде', useNcaLayer: 'NCALayer арқылы қол қою (орнатылған болса)', task: 'Тапсырма', assignee: 'Орындаушы', routeShort_provider: 'қызмет беруші', routeShort_con: 'ХҚКО', routeShort_portal: 'ЭҮП', activeSteps: 'Жұмыстағы қадамдар', overdueSteps: 'оның ішінде мерзімі өткен', formErrors: { 'Field is required.': 'Міндетті өріс.', pattern: 'Пішімі қате.', 'Value is not a number.': 'Мән сан емес.' }, signFirst: 'Алдымен деректерге ЭЦҚ-мен қол қойыңыз («ЭЦҚ-мен қол қою» батырмасы)', queueNumber: 'Кезек нөмірі', queuePosition: 'кезектегі орны', route_con: 'ХҚКО арқылы', route_portal: 'ЭҮП арқылы', importAct: 'Актіні импорттау', actText: 'Регламент мәтіні (.txt)', openInModeler: 'Редакторда ашу', routes: 'Бағыттар', skippedLostForce: 'Өткізіп жіберілді (күшін жойған)', downloadFile: 'Жүктеу',
    newRequest: 'Жаңа өтініш', startRequest: 'Бастау', noRoutes: 'Сіз рәсімдейтін қызметтер жоқ', routeEnded: 'Бағыт аяқталды', outputDocument: 'Шығыс құжат', verificationCode: 'Тексеру коды', signedInAs: 'Кіру орындалды (сеанс тексеріледі)',
    systemVariables: { requestNumber: 'Өтініш нөмірі', receivedAt: 'Түскен күні', requestStatus: 'Өтініш мәртебесі',
      signatureValid: 'ЭЦҚ расталды', authorized: 'Авторизация расталды', authorizedUser: 'Пайдаланушы', shepMessageId: 'ЭҮШ хабарламасы',
      applicantEmail: 'Электрондық пошта', queueNumber: 'Кезек нөмірі' },
  },
};

export function lang() {
  return localStorage.getItem('reglament.lang') === 'kk' ? 'kk' : 'ru';
}

export function t(key) {
  return strings[lang()][key] ?? strings.ru[key] ?? key;
}

export function setLang(value) {
  localStorage.setItem('reglament.lang', value);
  document.documentElement.lang = value;
}

/** The editor's own texts (bpmn-js palette and the Camunda properties panel), by their English originals; the rest stay English. */
export const editorStrings = {
  ru: {
    General: 'Общее', Documentation: 'Документация', 'User assignment': 'Назначение', 'Candidate groups': 'Группы кандидатов',
    'Candidate users': 'Пользователи-кандидаты', Assignee: 'Исполнитель', 'Due date': 'Срок', 'Follow up date': 'Дата напоминания',
    Timer: 'Таймер', Form: 'Форма', Inputs: 'Входные данные', Outputs: 'Выходные данные', Topic: 'Топик', Name: 'Название',
    ID: 'ID', Type: 'Тип', Implementation: 'Реализация', 'Extension properties': 'Свойства регламента', 'Form reference': 'Ссылка на форму',
    'Form key': 'Ключ формы', Condition: 'Условие', Priority: 'Приоритет', Duration: 'Длительность', Value: 'Значение',
    'External task': 'Внешняя задача', Binding: 'Привязка', Version: 'Версия', 'Element documentation': 'Документация элемента',
    'Process documentation': 'Документация процесса', 'Asynchronous continuations': 'Асинхронное продолжение',
    'Execution listeners': 'Слушатели выполнения', 'Task listeners': 'Слушатели задачи', 'Version tag': 'Метка версии',
    'Tenant ID': 'Акимат (tenant)', 'Process ID': 'ID процесса', Date: 'Дата', Cycle: 'Цикл', Expression: 'Выражение', Script: 'Скрипт',
    'Activate the hand tool': 'Рука (перемещение)', 'Activate the lasso tool': 'Лассо', 'Activate the create/remove space tool': 'Раздвинуть/сдвинуть',
    'Activate the global connect tool': 'Соединение', 'Create StartEvent': 'Начальное событие', 'Create EndEvent': 'Конечное событие',
    'Create Task': 'Задача', 'Create Gateway': 'Шлюз', 'Create Intermediate/Boundary Event': 'Промежуточное событие',
  },
  kk: {
    General: 'Жалпы', Documentation: 'Құжаттама', 'User assignment': 'Тағайындау', 'Candidate groups': 'Үміткер топтар',
    'Candidate users': 'Үміткер пайдаланушылар', Assignee: 'Орындаушы', 'Due date': 'Мерзім', 'Follow up date': 'Еске салу күні',
    Timer: 'Таймер', Form: 'Нысан', Inputs: 'Кіріс деректер', Outputs: 'Шығыс деректер', Topic: 'Топик', Name: 'Атауы',
    ID: 'ID', Type: 'Түрі', Implementation: 'Іске асыру', 'Extension properties': 'Регламент қасиеттері', 'Form reference': 'Нысанға сілтеме',
    'Form key': 'Нысан кілті', Condition: 'Шарт', Priority: 'Басымдық', Duration: 'Ұзақтығы', Value: 'Мәні',
    'External task': 'Сыртқы тапсырма', Binding: 'Байланыстыру', Version: 'Нұсқа', 'Element documentation': 'Элемент құжаттамасы',
    'Process documentation': 'Процесс құжаттамасы', 'Asynchronous continuations': 'Асинхронды жалғастыру',
    'Execution listeners': 'Орындау тыңдаушылары', 'Task listeners': 'Тапсырма тыңдаушылары', 'Version tag': 'Нұсқа белгісі',
    'Tenant ID': 'Әкімдік (tenant)', 'Process ID': 'Процесс ID', Date: 'Күні', Cycle: 'Цикл', Expression: 'Өрнек', Script: 'Скрипт',
    'Activate the hand tool': 'Қол (жылжыту)', 'Activate the lasso tool': 'Лассо', 'Activate the create/remove space tool': 'Орын қосу/алу',
    'Activate the global connect tool': 'Байланыстыру', 'Create StartEvent': 'Бастапқы оқиға', 'Create EndEvent': 'Соңғы оқиға',
    'Create Task': 'Тапсырма', 'Create Gateway': 'Шлюз', 'Create Intermediate/Boundary Event': 'Аралық оқиға',
  },
};
