// Process variables on the wire to the worker API: JSON, with a Date kept a Date ({ "$date": ISO }) — a document's
// dates are days in Almaty, and an ISO string would be read as the UTC day. Functions (a file's load()) are dropped.
const DATE = '$date';

export function encodeValues(value: unknown): unknown {
  if (value instanceof Date) return { [DATE]: value.toISOString() };
  if (Array.isArray(value)) return value.map(encodeValues);
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) if (typeof v !== 'function' && v !== undefined) out[k] = encodeValues(v);
    return out;
  }
  return value;
}

export function decodeValues(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(decodeValues);
  if (value && typeof value === 'object') {
    const entries = Object.entries(value);
    if (entries.length === 1 && entries[0]![0] === DATE && typeof entries[0]![1] === 'string') {
      const d = new Date(entries[0]![1]);
      if (!Number.isNaN(d.getTime())) return d;
    }
    return Object.fromEntries(entries.map(([k, v]) => [k, decodeValues(v)]));
  }
  return value;
}
