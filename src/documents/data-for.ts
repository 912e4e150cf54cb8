// The form's data from a task: variables named like its fields (or their aliases), then a json variable
// `documentData`, then the task's properties named like fields. Used by the documents service behind the workers.
import type { FieldSpec } from './types.js';

/** Where a form field takes its value from when no variable of its own name is set: another variable, or a value
 *  derived from the application forms' variables (the preschool forms ask for names in parts). */
const ALIASES: Record<string, string | ((v: Record<string, unknown>) => unknown)> = {
  registrationNumber: 'requestNumber',
  applicationNumber: 'requestNumber',
  directionNumber: 'requestNumber',
  certificateNumber: 'requestNumber',
  applicationDate: 'receivedAt',
  registeredOn: 'receivedAt',
  parentFullName: 'applicantName',
  applicantFullName: 'applicantName',
  childSurname: 'childLastName',
  childGivenName: 'childFirstName',
  childHomeAddress: 'applicantAddress',
  childFullName: (v) => joinNames(v.childLastName, v.childFirstName, v.childMiddleName),
};

function joinNames(...parts: unknown[]): string | undefined {
  const words = parts.filter((p): p is string => typeof p === 'string' && p.trim() !== '').map((p) => p.trim());
  return words.length ? words.join(' ') : undefined;
}

function aliasOf(name: string, variables: Record<string, unknown>): unknown {
  const alias = ALIASES[name];
  if (alias === undefined) return undefined;
  return typeof alias === 'function' ? alias(variables) : variables[alias];
}

/**
 * The form's data: variables named like its fields (or their aliases), then a json variable `documentData`, then the
 * task's properties named like fields (static per element, e.g. `variant` of minors-deposits-certificate).
 */
export function dataFor(fields: readonly FieldSpec[], variables: Record<string, unknown>, properties: Record<string, string> = {}): Record<string, unknown> {
  const data: Record<string, unknown> = {};
  for (const f of fields) {
    const value = variables[f.name] ?? aliasOf(f.name, variables);
    if (value !== undefined && value !== null) data[f.name] = value;
  }
  const extra = variables.documentData;
  if (extra && typeof extra === 'object' && !Array.isArray(extra)) Object.assign(data, extra);
  for (const f of fields) if (typeof properties[f.name] === 'string') data[f.name] = properties[f.name];
  return data;
}
