// Shared pieces of the web apps: the authenticated API client, the page frame with the language switch,
// the sign-in form, the ЭЦП signer (NCALayer when present, else the demo test signer) and small DOM helpers.
import { t, lang, setLang } from './i18n.js';

export { t, lang };

/** Creates an element: h('button', { onclick, class: 'x' }, 'text', child…). */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs ?? {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith('on') && typeof value === 'function') el.addEventListener(key.slice(2), value);
    else if (key === 'class') el.className = value;
    else if (value === true) el.setAttribute(key, '');
    else el.setAttribute(key, String(value));
  }
  for (const child of children.flat()) {
    if (child === undefined || child === null || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

export const session = {
  get token() { return sessionStorage.getItem('reglament.token'); },
  get user() { try { return JSON.parse(sessionStorage.getItem('reglament.user') ?? 'null'); } catch { return null; } },
  /** `iin`: the IIN the applicant signed in or registered with (the session answer does not carry it). */
  save(login, { iin } = {}) {
    sessionStorage.setItem('reglament.token', login.token);
    sessionStorage.setItem('reglament.user', JSON.stringify(iin ? { ...login, iin } : login));
  },
  clear() { sessionStorage.removeItem('reglament.token'); sessionStorage.removeItem('reglament.user'); },
};

export class ApiError extends Error {
  constructor(status, body) {
    super(body?.message ?? `HTTP ${status}`);
    this.status = status;
    this.body = body;
  }
}

/** Calls the server with the session's bearer token; JSON in and out. */
export async function api(path, { method = 'GET', body, raw = false, headers = {} } = {}) {
  const init = { method, headers: { ...headers } };
  if (session.token) init.headers.authorization = `Bearer ${session.token}`;
  if (body instanceof FormData) init.body = body;
  else if (body !== undefined) { init.headers['content-type'] = 'application/json'; init.body = JSON.stringify(body); }
  let res;
  try { res = await fetch(path, init); } catch { throw new ApiError(0, { message: t('errorNetwork') }); }
  if (res.status === 401 && !path.startsWith('/api/auth/')) { session.clear(); location.hash = '#/login'; }
  if (!res.ok) {
    let err = null;
    try { err = await res.json(); } catch { /* not JSON */ }
    throw new ApiError(res.status, err ?? { message: `HTTP ${res.status}` });
  }
  if (raw) return res;
  if (res.status === 204) return null;
  const text = await res.text();
  return text ? JSON.parse(text) : null;
}

export const engine = (path, opts) => api(`/engine-rest${path}`, opts);

/** Address of a vendor asset: the server names the versioned vendor folder in the page (src/web/plugin.ts). */
export const vendorUrl = (path) => `${document.querySelector('meta[name="reglament-vendor"]')?.content ?? '/web/vendor/'}${path}`;

let formViewer = null;
/**
 * The form library (1.3 MB) and its styles, loaded the first time a form is shown, not with the page: a sign-in
 * screen or a list of requests needs neither.
 */
export function loadFormViewer() {
  formViewer ??= new Promise((resolve, reject) => {
    const css = document.createElement('link');
    css.rel = 'stylesheet';
    css.href = vendorUrl('form-js/form-js.css');
    document.head.append(css);
    const script = document.createElement('script');
    script.src = vendorUrl('form-js/form-viewer.umd.js');
    script.onload = () => { pageLocaleByDefault(); resolve(window.FormViewer); };
    script.onerror = () => { formViewer = null; reject(new Error('The form library could not be loaded')); };
    document.head.append(script);
  });
  return formViewer;
}

/**
 * form-js formats its date fields by the browser's default locale (`new Intl.DateTimeFormat('default')`), so a browser
 * set to English shows mm/dd/yyyy on a Russian or Kazakh page. The page's language is the one that counts: a request for
 * the default locale gets dd.mm.yyyy, the notation used in Kazakhstan in both languages: ru-RU's (ICU's kk-KZ writes
 * yyyy-mm-dd). Month and day names come from the picker's own locale (task-view.js). Explicit locales are left alone.
 */
function pageLocaleByDefault() {
  const Original = Intl.DateTimeFormat;
  if (Original.reglamentPageLocale) return;
  const pick = (locales) => (locales === undefined || locales === 'default' ? 'ru-RU' : locales);
  function DateTimeFormat(locales, options) { return new Original(pick(locales), options); }
  DateTimeFormat.prototype = Original.prototype;
  DateTimeFormat.supportedLocalesOf = Original.supportedLocalesOf.bind(Original);
  DateTimeFormat.reglamentPageLocale = true;
  Intl.DateTimeFormat = DateTimeFormat;
}

/** Camunda typed variables → plain object. */
export function plainVariables(vars) {
  const out = {};
  for (const [name, v] of Object.entries(vars ?? {})) {
    const type = String(v?.type ?? '').toLowerCase();
    out[name] = type === 'json' && typeof v.value === 'string' ? safeJson(v.value) : v?.value;
  }
  return out;
}

function safeJson(text) { try { return JSON.parse(text); } catch { return text; } }

/** Plain object → Camunda typed variables. */
export function typedVariables(values) {
  const out = {};
  for (const [name, value] of Object.entries(values ?? {})) {
    if (value === undefined) continue;
    if (value === null) out[name] = { type: 'Null', value: null };
    else if (typeof value === 'boolean') out[name] = { type: 'Boolean', value };
    else if (typeof value === 'number') out[name] = { type: Number.isInteger(value) ? 'Long' : 'Double', value };
    else if (typeof value === 'string') out[name] = { type: 'String', value };
    else if (value && value.$file) out[name] = { type: 'File', value: value.base64, valueInfo: { filename: value.filename, mimetype: value.mimetype } };
    else out[name] = { type: 'Json', value: JSON.stringify(value) };
  }
  return out;
}

/** The page frame: title, navigation, language switch and sign-out on every page. */
export function frame(title, nav = []) {
  document.documentElement.lang = lang();
  document.title = `${title} — reglament`;
  // The skip link moves focus itself: a plain «#main» would change the hash the pages route by.
  const skip = h('a', { href: '#main', class: 'skip-link', onclick: (e) => { e.preventDefault(); main.focus(); } }, t('skipToMain'));
  const header = h('header', { class: 'bar' },
    h('a', { href: '/web/', class: 'brand' }, 'reglament'),
    h('h1', {}, title),
    h('nav', {}, ...nav.map(([label, href]) => h('a', { href }, label))),
    h('div', { class: 'lang', role: 'group', 'aria-label': t('language') },
      // Each language is named in itself, whatever the page's language.
      ...['ru', 'kk'].map((code) => h('button', {
        type: 'button', 'aria-pressed': String(lang() === code), 'data-lang': code, lang: code,
        onclick: () => { setLang(code); location.reload(); },
      }, code === 'ru' ? 'Рус' : 'Қаз'))),
    session.token ? h('button', { type: 'button', class: 'link', onclick: async () => {
      try { await api('/api/auth/logout', { method: 'POST' }); } catch { /* session may be gone */ }
      session.clear(); location.hash = '#/login'; location.reload();
    } }, t('signOut')) : null,
  );
  const main = h('main', { id: 'main', tabindex: '-1' });
  const status = h('div', { id: 'status', role: 'status', 'aria-live': 'polite' });
  document.body.replaceChildren(skip, header, status, main);
  // A confirmation written just before the screen changed (a completed task) is shown on the new one.
  const flashed = sessionStorage.getItem(FLASH_KEY);
  if (flashed) { sessionStorage.removeItem(FLASH_KEY); status.replaceChildren(h('p', { class: 'info confirmation' }, flashed)); }
  // Tables read as cards on a phone: each cell carries its column's name (app.css shows it at ≤ 600 px).
  new MutationObserver(() => labelCells(main)).observe(main, { childList: true, subtree: true });
  return main;
}

const FLASH_KEY = 'reglament.flash';

/** A confirmation for the next screen (the current one is about to be replaced). */
export function flash(message) {
  sessionStorage.setItem(FLASH_KEY, message);
  showInfo(message);
}

function labelCells(root) {
  for (const table of root.querySelectorAll('table')) {
    const names = [...table.querySelectorAll('thead th')].map((th) => th.textContent.trim());
    if (!names.length) continue;
    for (const row of table.querySelectorAll('tbody tr')) {
      [...row.children].forEach((cell, i) => { if (names[i] && cell.dataset.label !== names[i]) cell.dataset.label = names[i]; });
    }
  }
}

/** After a screen change: focus its heading, so a screen reader and the keyboard start on the new screen — unless the
 *  screen put the focus somewhere itself (the sign-in form's first field). */
export function focusScreen(main) {
  if (!main) return;
  if (main.contains(document.activeElement) && document.activeElement !== main) return;
  const heading = main.querySelector('h2, h1, legend');
  const target = heading ?? main;
  if (!target.hasAttribute('tabindex')) target.setAttribute('tabindex', '-1');
  target.focus({ preventScroll: false });
}

/** What went wrong, in the page's language: by HTTP status, or by the server's Camunda exception type when it names one. */
const STATUS_KEYS = { 0: 'errorNetwork', 401: 'errorAuth', 403: 'errorForbidden', 404: 'errorNotFound',
  409: 'errorConflict', 413: 'errorTooLarge', 429: 'errorRateLimit' };
const TYPE_KEYS = { InvalidRequestException: 'errorInvalid', AuthenticationException: 'errorAuth', AuthorizationException: 'errorForbidden',
  NotFoundException: 'errorNotFound', OptimisticLockingException: 'errorConflict', ParseException: 'errorParse',
  NotInForceException: 'errorNotInForce', ProcessEngineException: 'errorEngine' };

export function errorText(err) {
  // A message the page wrote for the user (what to fix) needs no «Ошибка:» in front.
  if (err?.userFacing) return err.message;
  if (!(err instanceof ApiError)) return `${t('errorGeneric')}: ${String(err?.message ?? err)}`;
  // The status decides first (a 404 carries Camunda's InvalidRequestException); a 400 or 500 is told apart by its type.
  const key = STATUS_KEYS[err.status] ?? TYPE_KEYS[err.body?.type] ?? (err.status === 400 ? 'errorInvalid' : err.status >= 500 ? 'errorServer' : 'errorGeneric');
  // The server's detail follows the translated summary (it is in English or Russian, as the server wrote it).
  const detail = err.status === 0 ? '' : err.body?.message ?? '';
  return detail && detail !== t(key) ? `${t(key)} (${err.status}): ${detail}` : t(key);
}

/**
 * The same as nodes: the summary in the page's language, and the server's own detail after it marked with the language
 * it is written in (engine-rest's Camunda messages are English; ours Russian), so it reads as the server's words quoted.
 */
export function errorParts(err) {
  const text = errorText(err);
  const detail = err instanceof ApiError && err.status !== 0 ? String(err.body?.message ?? '') : '';
  if (!detail || !text.endsWith(`: ${detail}`)) return [text];
  return [text.slice(0, -detail.length), h('span', { class: 'server-detail', lang: languageOf(detail) }, detail)];
}

/** The language a server's text is written in: Kazakh by its own letters, Russian by Cyrillic, else English. */
export function languageOf(text) {
  return /[әғқңөұүһіӘҒҚҢӨҰҮҺІ]/.test(text) ? 'kk' : /[а-яё]/i.test(text) ? 'ru' : 'en';
}

export function showError(err) {
  const box = document.getElementById('status');
  if (box) box.replaceChildren(h('p', { class: 'error', role: 'alert' }, ...errorParts(err)));
}

/**
 * Errors beside their field: the browser's own validation (which speaks the browser's language) is replaced by the
 * page's, and a server's 400 that names a field is put under that field, in the page's language. The form carries
 * `novalidate`; `checkFields` runs before the request.
 */
export function clearFieldErrors(form) {
  for (const el of form.querySelectorAll('.field-error')) el.remove();
  for (const el of form.querySelectorAll('[aria-invalid]')) { el.removeAttribute('aria-invalid'); el.removeAttribute('aria-describedby'); }
  form.querySelector('.form-error')?.replaceChildren();
}

export function fieldError(input, message) {
  const id = `${input.id}-error`;
  document.getElementById(id)?.remove();
  input.setAttribute('aria-invalid', 'true');
  input.setAttribute('aria-describedby', id);
  input.after(h('p', { class: 'field-error', id, role: 'alert' }, message));
}

/** The page's own messages for what the browser's validation found; true when every field is valid. */
export function checkFields(form) {
  clearFieldErrors(form);
  let first = null;
  for (const input of form.querySelectorAll('input, select, textarea')) {
    const v = input.validity;
    if (!v || v.valid) continue;
    const key = v.valueMissing ? 'required' : v.typeMismatch && input.type === 'email' ? 'formatEmail'
      : v.tooShort ? 'tooShort' : v.patternMismatch && input.name === 'iin' ? 'formatIin' : 'formatInvalid';
    fieldError(input, key === 'tooShort' ? `${t('tooShort')}: ${input.minLength}` : t(key));
    first ??= input;
  }
  first?.focus();
  return !first;
}

/**
 * A server's answer put where it belongs: under the field it names (a 400 naming `body/<field>`, or a known reason
 * about the IIN, the akimat, the password), else in the form's own message line beside its buttons.
 */
export function showFormError(form, err) {
  clearFieldErrors(form);
  const message = String(err?.body?.message ?? '');
  const input = err?.status === 400 || err?.status === 404 ? fieldNamedBy(form, message) : null;
  const text = serverReason(message) ?? errorText(err);
  if (input) { fieldError(input, text); input.focus(); return; }
  let line = form.querySelector('.form-error');
  if (!line) { line = h('div', { class: 'form-error', role: 'alert' }); (form.querySelector('.actions') ?? form).after(line); }
  line.replaceChildren(h('p', { class: 'error' }, ...errorParts(err)));
}

function fieldNamedBy(form, message) {
  const named = /body\/(\w+)|property '(\w+)'/.exec(message);
  const name = named?.[1] ?? named?.[2]
    ?? (/ИИН|IIN/i.test(message) ? 'iin' : /akimat|акимат|tenant/i.test(message) ? 'tenantId' : /password|пароль/i.test(message) ? 'password' : null);
  return name ? form.querySelector(`[name="${name}"]`) : null;
}

/** The reasons the server states in Russian (src/iin, registration), in the page's language. */
function serverReason(message) {
  const reason = message.replace(/^Cannot register: /, '');
  const known = t('serverReasons');
  for (const [pattern, text] of Object.entries(known)) if (reason.includes(pattern)) return text;
  if (/no akimat with id/.test(message)) return t('unknownAkimat');
  if (/must NOT have fewer than 8/.test(message) && /password/.test(message)) return `${t('tooShort')}: 8`;
  if (/must match format "email"/.test(message)) return t('formatEmail');
  return /^ИИН/.test(reason) && lang() === 'ru' ? reason : null;
}

/** An error whose text the page wrote for the user. */
export function userError(message) {
  return Object.assign(new Error(message), { userFacing: true });
}

export function showInfo(message) {
  const box = document.getElementById('status');
  if (box) box.replaceChildren(h('p', { class: 'info' }, message));
}

export function clearStatus() { document.getElementById('status')?.replaceChildren(); }

/** Sign-in by password or by ЭЦП (signed server challenge). */
export function loginForm(main, { onSuccess, allowRegister = false }) {
  const username = h('input', { id: 'username', name: 'username', autocomplete: 'username', required: true });
  const password = h('input', { id: 'password', name: 'password', type: 'password', autocomplete: 'current-password', required: true });
  const form = h('form', { class: 'card narrow', novalidate: true, onsubmit: async (e) => {
    e.preventDefault();
    clearStatus();
    if (!checkFields(form)) return;
    try {
      const name = username.value.trim();
      // Applicants sign in by IIN, staff by login.
      const byIin = /^\d{12}$/.test(name);
      const login = await api('/api/auth/login', { method: 'POST', body: byIin ? { iin: name, password: password.value } : { username: name, password: password.value } });
      session.save(login, { iin: byIin ? name : undefined });
      onSuccess(login);
    } catch (err) { showFormError(form, err); }
  } },
  h('h2', {}, t('signIn')),
  h('label', { for: 'username' }, t('login')), username,
  h('label', { for: 'password' }, t('password')), password,
  h('div', { class: 'actions' },
    h('button', { type: 'submit' }, t('signIn')),
    h('button', { type: 'button', class: 'secondary', onclick: async () => {
      clearStatus();
      try {
        const challenge = await api('/api/auth/eds/challenge', { method: 'POST', body: {} });
        const signed = await signer.sign(challenge.document, { iin: username.value.trim(), password: password.value });
        const login = await api('/api/auth/eds/login', { method: 'POST', body: { signedXml: signed } });
        session.save(login, { iin: /^\d{12}$/.test(username.value.trim()) ? username.value.trim() : undefined });
        onSuccess(login);
      } catch (err) { showFormError(form, err); }
    } }, t('signInEds'))),
  h('label', { class: 'inline', for: 'use-ncalayer' },
    h('input', { type: 'checkbox', id: 'use-ncalayer', checked: ncaLayerWanted(), onchange: (e) => localStorage.setItem('reglament.ncalayer', e.target.checked ? 'on' : 'off') }),
    ` ${t('useNcaLayer')}`),
  allowRegister ? h('p', {}, h('a', { href: '#/register' }, t('register'))) : null);
  main.replaceChildren(form);
  username.focus();
}

/**
 * ЭЦП signing. Kazakh users sign with NCALayer (a local app on wss://127.0.0.1:13579); when it does not answer,
 * the demo's test signer on the server signs with the demo key of the signed-in user, or, for the ЭЦП sign-in, of the
 * IIN given with its key password (the account password in the demo), as NCALayer asks for the key container's password.
 */
export const signer = {
  async sign(xml, opts = {}) {
    const viaNcaLayer = await signWithNcaLayer(xml).catch(() => null);
    if (viaNcaLayer) return viaNcaLayer;
    const res = await api('/api/demo/signer/sign', { method: 'POST', body: opts.iin ? { xml, iin: opts.iin, password: opts.password ?? '' } : { xml } });
    return res.signedXml;
  },
};

/** NCALayer is asked only when the user (sign-in form) or the page (window.reglamentUseNcaLayer) wants it: probing a
 *  local port that nobody listens on would print a connection error in every browser console. */
function ncaLayerWanted() {
  return window.reglamentUseNcaLayer === true || localStorage.getItem('reglament.ncalayer') === 'on';
}

function signWithNcaLayer(xml) {
  if (!ncaLayerWanted()) return Promise.reject(new Error('NCALayer disabled'));
  return new Promise((resolve, reject) => {
    const ws = new WebSocket('wss://127.0.0.1:13579/');
    const timer = setTimeout(() => { ws.close(); reject(new Error('NCALayer timeout')); }, 60_000);
    ws.onerror = () => { clearTimeout(timer); reject(new Error('NCALayer unavailable')); };
    ws.onopen = () => ws.send(JSON.stringify({ module: 'kz.gov.pki.knca.commonUtils', method: 'signXml', args: ['PKCS12', 'SIGNATURE', xml, '', ''] }));
    ws.onmessage = (msg) => {
      const data = JSON.parse(msg.data);
      if (data.code === '200' && data.responseObject) { clearTimeout(timer); ws.close(); resolve(data.responseObject); }
      else if (data.code && data.code !== '200') { clearTimeout(timer); ws.close(); reject(new Error(data.message ?? 'NCALayer error')); }
    };
  });
}

/** Date and time in Kazakhstan time, one format in both languages: dd.mm.yyyy hh:mm. */
export function fmtDate(value) {
  if (!value) return '—';
  const d = new Date(value);
  if (Number.isNaN(d.getTime())) return String(value);
  const p = almatyParts(d);
  return `${p.day}.${p.month}.${p.year} ${p.hour}:${p.minute}`;
}

/** A day in Kazakhstan time as dd.mm.yyyy, in both languages (a plain yyyy-mm-dd is read as that day). */
export function fmtDay(value) {
  if (!value) return '—';
  const plain = /^(\d{4})-(\d{2})-(\d{2})$/.exec(String(value));
  if (plain) return `${plain[3]}.${plain[2]}.${plain[1]}`;
  const d = new Date(value);
  if (Number.isNaN(d.getTime())) return String(value);
  const p = almatyParts(d);
  return `${p.day}.${p.month}.${p.year}`;
}

function almatyParts(d) {
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Almaty', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(d);
  return Object.fromEntries(parts.map((x) => [x.type, x.value]));
}

/** Escapes text for the XML a user signs. */
export function xmlEscape(text) {
  return String(text).replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' }[c]));
}

/** The data of a form as the XML document the applicant or specialist signs: one element per field, so the
 *  ЭЦП check can compare the signed IINs with the request's. */
export function requestXml(values, root = 'request') {
  const fields = Object.entries(values)
    .filter(([k, v]) => /^[A-Za-z_][A-Za-z0-9_.-]*$/.test(k) && v !== undefined && v !== null && typeof v !== 'object')
    .map(([k, v]) => `<${k}>${xmlEscape(v)}</${k}>`).join('');
  return `<?xml version="1.0" encoding="UTF-8"?><${root} xmlns="urn:reglament:request">${fields}</${root}>`;
}

export function hashRoute() {
  return location.hash.replace(/^#\/?/, '').split('/').filter(Boolean);
}

let titlesPromise = null;
/** Service titles in both languages (from the deployed manifests), by `key@tenant`; one request per page. */
export function serviceTitles() {
  titlesPromise ??= api('/api/services/titles')
    .then((list) => new Map(list.map((x) => [`${x.key}@${x.tenantId ?? ''}`, x])))
    .catch(() => new Map());
  return titlesPromise;
}

/** A route's name in the page's language: the service title and the route (услугодатель, ЦОН, ПЭП); the BPMN name without a manifest. */
export function serviceName(def, titles) {
  const found = titles?.get(`${def.key}@${def.tenantId ?? ''}`);
  const title = found?.title?.[lang()] ?? found?.title?.ru;
  if (!title) return def.name ?? def.key;
  return found.route ? `${title} — ${t(`route_${found.route}`)}` : title;
}

/** The service's title alone, in the page's language (what an applicant calls it); null when no manifest names it. */
export function serviceTitle(key, tenantId, titles) {
  const found = titles?.get(`${key}@${tenantId ?? ''}`);
  return found?.title?.[lang()] ?? found?.title?.ru ?? null;
}

/** The definition key in a definition id (`key:version:uuid`). */
export const keyOfDefinition = (definitionId) => String(definitionId ?? '').split(':')[0];

/** An akimat's name in the page's language (its profile's names), else the name it was created with. */
export function tenantName(tn) {
  return tn?.names?.[lang()] ?? tn?.names?.ru ?? tn?.name ?? tn?.id ?? '';
}

/** The language of a route's act (its manifest's `act.language`): its BPMN names and texts are in it. Russian by default. */
export function actLanguage(key, tenantId, titles) {
  return titles?.get(`${key}@${tenantId ?? ''}`)?.actLanguage ?? 'ru';
}

/**
 * The act's own wording (a step's name, its documentation): quoted as it is, marked with the act's language, and — when
 * the page is in the other language — with a note that the act has no text in the page's language.
 */
export function actText(text, language = 'ru', tag = 'span', attrs = {}) {
  return h(tag, { ...attrs, lang: language, title: language === lang() ? attrs.title : t(`actOnly_${language}`) }, text);
}
