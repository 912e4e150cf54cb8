// Small builders for form-js (Camunda Forms, schemaVersion 16) schemas with Russian and Kazakh labels side by side.

/** A label in both languages; rendered «Русский / Қазақша». */
export interface Label {
  ru: string;
  kk: string;
}

export type Component = Record<string, unknown> & { type: string };

export interface FormSchema {
  id: string;
  type: 'default';
  schemaVersion: 16;
  executionPlatform: 'Camunda Platform';
  executionPlatformVersion: string;
  exporter: { name: string; version: string };
  components: Component[];
}

export const IIN_PATTERN = '^\\d{12}$';

let counter = 0;

function label(text: Label): string {
  return `${text.ru} / ${text.kk}`;
}

function idFor(type: string, key?: string): string {
  counter += 1;
  const base = (key ?? type).replace(/[^A-Za-z0-9_]/g, '_');
  return `Field_${base}_${counter}`;
}

export interface FieldOptions {
  required?: boolean;
  description?: Label;
  /** FEEL condition that hides the field, e.g. `=decision != "refusal"`. Hidden fields are not validated. */
  hide?: string;
  readonly?: boolean;
}

function common(options: FieldOptions): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (options.description) out.description = label(options.description);
  if (options.hide) out.conditional = { hide: options.hide };
  if (options.readonly) out.readonly = true;
  return out;
}

export function heading(text: Label, level = 3): Component {
  return { type: 'text', id: idFor('text'), text: `${'#'.repeat(level)} ${text.ru}\n${text.kk}` };
}

export function note(text: Label, options: Pick<FieldOptions, 'hide'> = {}): Component {
  return { type: 'text', id: idFor('text'), text: `${text.ru}\n\n${text.kk}`, ...common(options) };
}

export function textfield(key: string, text: Label, options: FieldOptions & { pattern?: string; maxLength?: number } = {}): Component {
  const validate: Record<string, unknown> = {};
  if (options.required) validate.required = true;
  if (options.pattern) validate.pattern = options.pattern;
  if (options.maxLength) validate.maxLength = options.maxLength;
  return { type: 'textfield', key, id: idFor('textfield', key), label: label(text), ...common(options), ...(Object.keys(validate).length ? { validate } : {}) };
}

export function iin(key: string, text: Label, options: FieldOptions = {}): Component {
  return textfield(key, text, {
    ...options,
    pattern: IIN_PATTERN,
    description: options.description ?? { ru: '12 цифр', kk: '12 сан' },
  });
}

export function textarea(key: string, text: Label, options: FieldOptions = {}): Component {
  return { type: 'textarea', key, id: idFor('textarea', key), label: label(text), ...common(options), ...(options.required ? { validate: { required: true } } : {}) };
}

export function number(key: string, text: Label, options: FieldOptions & { min?: number; max?: number; decimalDigits?: number } = {}): Component {
  const validate: Record<string, unknown> = {};
  if (options.required) validate.required = true;
  if (options.min !== undefined) validate.min = options.min;
  if (options.max !== undefined) validate.max = options.max;
  return {
    type: 'number',
    key,
    id: idFor('number', key),
    label: label(text),
    ...(options.decimalDigits !== undefined ? { decimalDigits: options.decimalDigits } : {}),
    ...common(options),
    ...(Object.keys(validate).length ? { validate } : {}),
  };
}

export function date(key: string, text: Label, options: FieldOptions = {}): Component {
  return {
    type: 'datetime',
    key,
    id: idFor('datetime', key),
    subtype: 'date',
    dateLabel: label(text),
    ...common(options),
    ...(options.required ? { validate: { required: true } } : {}),
  };
}

export function checkbox(key: string, text: Label, options: FieldOptions = {}): Component {
  return { type: 'checkbox', key, id: idFor('checkbox', key), label: label(text), ...common(options), ...(options.required ? { validate: { required: true } } : {}) };
}

export interface Choice {
  value: string;
  label: Label;
}

function values(choices: Choice[]) {
  return choices.map((choice) => ({ value: choice.value, label: label(choice.label) }));
}

export function radio(key: string, text: Label, choices: Choice[], options: FieldOptions = {}): Component {
  return { type: 'radio', key, id: idFor('radio', key), label: label(text), values: values(choices), ...common(options), ...(options.required ? { validate: { required: true } } : {}) };
}

export function select(key: string, text: Label, choices: Choice[], options: FieldOptions = {}): Component {
  return { type: 'select', key, id: idFor('select', key), label: label(text), values: values(choices), ...common(options), ...(options.required ? { validate: { required: true } } : {}) };
}

export function checklist(key: string, text: Label, choices: Choice[], options: FieldOptions = {}): Component {
  return { type: 'checklist', key, id: idFor('checklist', key), label: label(text), values: values(choices), ...common(options), ...(options.required ? { validate: { required: true } } : {}) };
}

export function files(key: string, text: Label, options: FieldOptions & { multiple?: boolean } = {}): Component {
  return {
    type: 'filepicker',
    key,
    id: idFor('filepicker', key),
    label: label(text),
    accept: '.pdf,.jpg,.jpeg,.png',
    multiple: options.multiple ?? true,
    ...common(options),
    ...(options.required ? { validate: { required: true } } : {}),
  };
}

export function group(text: Label, components: Component[], options: Pick<FieldOptions, 'hide'> & { path?: string } = {}): Component {
  return {
    type: 'group',
    id: idFor('group', options.path),
    label: label(text),
    showOutline: true,
    ...(options.path ? { path: options.path } : {}),
    ...common(options),
    components,
  };
}

export function list(path: string, text: Label, components: Component[], options: Pick<FieldOptions, 'hide'> = {}): Component {
  return {
    type: 'dynamiclist',
    id: idFor('dynamiclist', path),
    path,
    label: label(text),
    isRepeating: true,
    allowAddRemove: true,
    defaultRepetitions: 1,
    showOutline: true,
    ...common(options),
    components,
  };
}

/** A value computed from other fields when the form is submitted (form-js expression field, FEEL). */
export function expression(key: string, feel: string): Component {
  return { type: 'expression', key, id: idFor('expression', key), expression: feel, computeOn: 'presubmit' };
}

export function form(id: string, components: Component[]): FormSchema {
  return {
    id,
    type: 'default',
    schemaVersion: 16,
    executionPlatform: 'Camunda Platform',
    executionPlatformVersion: '7.21.0',
    exporter: { name: 'reglament authoring', version: '1.0' },
    components,
  };
}

/** Restarts the id counter so regenerated files are stable. */
export function resetIds(): void {
  counter = 0;
}
