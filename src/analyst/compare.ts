// Compares a draft route with the deployed one, as an analyst reviews a change: elements added, removed,
// changed (name, type, documentation, properties, camunda attributes), and time limits changed.
import { readElements, type ElementRecord } from './bpmn-elements.js';

export interface ChangeEntry { id: string; name: string | null; detail: string }

export interface Comparison {
  added: ChangeEntry[];
  removed: ChangeEntry[];
  changed: ChangeEntry[];
  limitsChanged: ChangeEntry[];
}

const LIMIT_PROPERTIES = ['reglament:calendar', 'reglament:excludeReceiptDay', 'reglament:limitText'];

export async function compareRoutes(deployedXml: string, draftXml: string): Promise<Comparison> {
  const [before, after] = await Promise.all([readElements(deployedXml), readElements(draftXml)]);
  const result: Comparison = { added: [], removed: [], changed: [], limitsChanged: [] };
  for (const [id, el] of after) if (!before.has(id)) result.added.push({ id, name: el.name, detail: el.type });
  for (const [id, el] of before) if (!after.has(id)) result.removed.push({ id, name: el.name, detail: el.type });
  for (const [id, now] of after) {
    const was = before.get(id);
    if (!was) continue;
    const limit = limitChange(was, now);
    if (limit) result.limitsChanged.push({ id, name: now.name, detail: limit });
    const other = otherChanges(was, now);
    if (other.length) result.changed.push({ id, name: now.name, detail: other.join('; ') });
  }
  return result;
}

function limitChange(was: ElementRecord, now: ElementRecord): string | null {
  const parts: string[] = [];
  if (was.timer !== now.timer) parts.push(`${was.timer ?? '—'} → ${now.timer ?? '—'}`);
  for (const name of LIMIT_PROPERTIES) {
    if ((was.properties[name] ?? '') !== (now.properties[name] ?? '')) parts.push(`${name}: ${was.properties[name] ?? '—'} → ${now.properties[name] ?? '—'}`);
  }
  return parts.length ? parts.join('; ') : null;
}

function otherChanges(was: ElementRecord, now: ElementRecord): string[] {
  const parts: string[] = [];
  if (was.type !== now.type) parts.push(`type ${was.type} → ${now.type}`);
  if (was.name !== now.name) parts.push(`name «${was.name ?? ''}» → «${now.name ?? ''}»`);
  if (was.documentation !== now.documentation) parts.push('documentation');
  const keys = new Set([...Object.keys(was.attributes), ...Object.keys(now.attributes)]);
  for (const key of keys) if (was.attributes[key] !== now.attributes[key]) parts.push(`${key}: ${was.attributes[key] ?? '—'} → ${now.attributes[key] ?? '—'}`);
  const props = new Set([...Object.keys(was.properties), ...Object.keys(now.properties)].filter((k) => !LIMIT_PROPERTIES.includes(k)));
  for (const key of props) if (was.properties[key] !== now.properties[key]) parts.push(`${key}: ${was.properties[key] ?? '—'} → ${now.properties[key] ?? '—'}`);
  return parts;
}
