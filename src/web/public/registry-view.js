// The ГБД ФЛ answer (`person`, from gbd-fl-lookup) beside what the operator typed: labelled fields, dates dd.mm.yyyy, a
// mismatch marked where the registry says otherwise, and the registry's value one click away for the request's data.
import { h, t, fmtDay } from './common.js';

/** The registry's fields in the order a person reads them; `fullName` is composed from the three name parts. */
const FIELDS = ['iin', 'fullName', 'lastName', 'firstName', 'middleName', 'birthDate', 'sex', 'address'];

/** The request's variables that say the same as a registry field, for the applicant or the child (forms/*.form keys). */
function typedKeys(prefix) {
  return {
    iin: [`${prefix}Iin`],
    fullName: [`${prefix}FullName`, `${prefix}Name`],
    lastName: [`${prefix}LastName`], firstName: [`${prefix}FirstName`], middleName: [`${prefix}MiddleName`],
    birthDate: [`${prefix}BirthDate`],
    sex: [],
    address: prefix === 'child' ? ['childHomeAddress', 'childAddress'] : ['applicantAddress', 'address'],
  };
}

const normal = (v) => String(v ?? '').toLowerCase().replaceAll('ё', 'е').replace(/\s+/g, ' ').trim();

/** The registry's value of a field, as the request would hold it (dates as yyyy-mm-dd). */
function registryValue(person, field) {
  if (field === 'fullName') return [person.lastName, person.firstName, person.middleName].filter(Boolean).join(' ');
  return person[field] ?? null;
}

function sameValue(field, typed, registry, person) {
  if (field === 'birthDate') return String(typed).slice(0, 10) === String(registry).slice(0, 10);
  // A name typed without the patronymic still names the person.
  if (field === 'fullName') return [registry, [person.lastName, person.firstName].join(' ')].some((r) => normal(r) === normal(typed));
  return normal(typed) === normal(registry);
}

/**
 * The comparison: one row per registry field with its label, the registry's value and what the request holds
 * (the variable's key), and whether they differ. Whose data it is: the child's when the IINs say so, else the applicant's.
 */
export function comparePerson(person, values) {
  const prefix = person.iin && person.iin === values.childIin ? 'child' : 'applicant';
  const keys = typedKeys(prefix);
  return FIELDS.map((field) => {
    const registry = registryValue(person, field);
    const key = keys[field].find((k) => k in values) ?? keys[field][0] ?? null;
    const typed = key ? values[key] : undefined;
    const has = typed !== undefined && typed !== null && typed !== '';
    return { field, key, registry, typed: has ? typed : null, mismatch: has && registry !== null && registry !== '' && !sameValue(field, typed, registry, person) };
  }).filter((row) => (row.registry !== null && row.registry !== '') || row.typed !== null);
}

/** What the registry can fill into the form's empty fields: key → the registry's value. */
export function registryPrefill(person, values, formKeys) {
  const out = {};
  for (const row of comparePerson(person, values)) {
    for (const key of typedKeys(person.iin && person.iin === values.childIin ? 'child' : 'applicant')[row.field]) {
      if (formKeys.has(key) && (values[key] ?? '') === '' && row.registry) out[key] = row.registry;
    }
  }
  return out;
}

const shown = (field, value) => {
  if (value === null || value === undefined || value === '') return '—';
  if (field === 'birthDate') return fmtDay(value);
  if (field === 'sex') return t('sexValues')[value] ?? String(value);
  return String(value);
};

/**
 * The section: «Данные ГБД ФЛ» with field, registry value, value in the request; a differing row is marked and offers
 * «Взять из ГБД ФЛ», which records the registry's value in `corrections` (sent with the step, signed with the request).
 */
export function registrySection(person, values, corrections) {
  const body = h('tbody');
  const note = h('p', { class: 'error', id: 'registry-mismatch', role: 'status' });
  const render = () => {
    const rows = comparePerson(person, { ...values, ...corrections });
    const mismatches = rows.filter((r) => r.mismatch).length;
    note.hidden = !mismatches;
    note.textContent = mismatches ? `${t('mismatchCount')}: ${mismatches}` : '';
    body.replaceChildren(...rows.map((row) => h('tr', { class: row.mismatch ? 'mismatch' : '', 'data-field': row.field },
      h('th', { scope: 'row' }, t('personFields')[row.field] ?? row.field),
      // Names and addresses are the person's own (not translated); the sex is said in the page's language.
      h('td', { class: 'registry-value', translate: row.field === 'sex' ? null : 'no' }, shown(row.field, row.registry)),
      h('td', { class: 'typed-value' }, row.key ? h('span', { translate: row.field === 'sex' ? null : 'no' }, shown(row.field, row.typed)) : '',
        row.mismatch ? h('strong', { class: 'mismatch-note' }, ` ≠ ${t('mismatch')}`) : null,
        corrections[row.key] !== undefined ? h('span', { class: 'muted' }, ` ✓ ${t('takenFromRegistry')}`) : null),
      h('td', {}, row.mismatch && row.key ? h('button', { type: 'button', class: 'secondary take-registry', onclick: () => {
        corrections[row.key] = row.registry;
        render();
      } }, t('takeFromRegistry')) : null))));
  };
  render();
  return h('section', { class: 'card', id: 'registry-data' }, h('h3', {}, t('registryData')), note,
    h('table', { class: 'data registry' },
      h('thead', {}, h('tr', {}, ...['', t('registryValue'), t('typedValue'), ''].map((c) => h('th', { scope: 'col' }, c)))),
      body));
}
