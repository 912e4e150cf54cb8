// Checks on typed variables at the HTTP edge: shape and the size of File values (the host normalises types and casing).
import type { TypedValue, VariableMap } from '../engine/api.js';
import { InvalidRequestError } from '../errors.js';

export function checkVariables(vars: VariableMap | null | undefined, maxFileSize: number): void {
  if (!vars) return;
  for (const [name, v] of Object.entries(vars)) {
    if (!v || typeof v !== 'object') throw new InvalidRequestError(`Variable '${name}' must be an object with type and value`);
    if (typeof v.type === 'string' && v.type.toLowerCase() === 'file' && typeof v.value === 'string') {
      const bytes = Math.floor((v.value.replace(/=+$/, '').length * 3) / 4);
      if (bytes > maxFileSize) throw new InvalidRequestError(`File variable '${name}' is ${bytes} bytes, more than the limit of ${maxFileSize}`);
    }
  }
}

/** The bytes and media type of a File variable, for the `/data` endpoints. */
export function fileBytes(name: string, v: TypedValue): { content: Buffer; mimeType: string } {
  if (v.type.toLowerCase() !== 'file' && v.type.toLowerCase() !== 'bytes') {
    throw new InvalidRequestError(`Variable '${name}' is not a File but ${v.type}`);
  }
  const info = (v.valueInfo ?? {}) as { mimeType?: string; mimetype?: string };
  const content = typeof v.value === 'string' ? Buffer.from(v.value, 'base64') : Buffer.alloc(0);
  return { content, mimeType: info.mimeType ?? info.mimetype ?? 'application/octet-stream' };
}
