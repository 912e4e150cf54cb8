// The document's data as XML (schema urn:reglament:output-document:1) and the service seal over the stored bytes
// (urn:reglament:document-seal:1). Both schemas are documented in docs/documents.md.
import { DOMImplementation, XMLSerializer } from '@xmldom/xmldom';
import { InvalidRequestError } from '../errors.js';
import type { FieldSpec, Lang } from './types.js';

export const DATA_NS = 'urn:reglament:output-document:1';
export const SEAL_NS = 'urn:reglament:document-seal:1';

export interface DocumentDataHeader {
  form: string;
  tenant: string;
  service: string;
  requestNumber: string;
  processInstanceId?: string | null;
  issuedAt: Date;
}

function newDoc(ns: string, root: string): Document {
  return new DOMImplementation().createDocument(ns, root, null) as unknown as Document;
}

function serialise(doc: Document): string {
  return new XMLSerializer().serializeToString(doc as never);
}

function appendFields(doc: Document, parent: Element, fields: readonly FieldSpec[], data: Record<string, unknown>): void {
  for (const spec of fields) {
    const value = data[spec.name];
    if (value === undefined || value === null) continue;
    const el = doc.createElementNS(DATA_NS, 'field');
    el.setAttribute('name', spec.name);
    if (spec.type === 'list' && Array.isArray(value)) {
      for (const row of value) {
        const r = doc.createElementNS(DATA_NS, 'row');
        appendFields(doc, r, spec.items ?? [], row as Record<string, unknown>);
        el.appendChild(r);
      }
    } else {
      el.appendChild(doc.createTextNode(String(value)));
    }
    parent.appendChild(el);
  }
}

/** The data XML a specialist (or the service key) signs: header attributes and one <field> per filled form field. */
export function buildDataXml(header: DocumentDataHeader, fields: readonly FieldSpec[], data: Record<string, unknown>): string {
  const doc = newDoc(DATA_NS, 'outputDocument');
  const root = doc.documentElement;
  root.setAttribute('form', header.form);
  root.setAttribute('tenant', header.tenant);
  root.setAttribute('service', header.service);
  root.setAttribute('requestNumber', header.requestNumber);
  if (header.processInstanceId) root.setAttribute('processInstanceId', header.processInstanceId);
  root.setAttribute('issuedAt', header.issuedAt.toISOString());
  appendFields(doc, root, fields, data);
  return serialise(doc);
}

const childElements = (el: Element, local: string): Element[] =>
  Array.from(el.childNodes as unknown as ArrayLike<Node>).filter(
    (n): n is Element => n.nodeType === 1 && (n as Element).namespaceURI === DATA_NS && (n as Element).localName === local,
  );

function readFields(el: Element, fields: readonly FieldSpec[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of childElements(el, 'field')) {
    const name = f.getAttribute('name') ?? '';
    const spec = fields.find((s) => s.name === name);
    if (!spec) continue;
    out[name] = spec.type === 'list' ? childElements(f, 'row').map((r) => readFields(r, spec.items ?? [])) : (f.textContent ?? '');
  }
  return out;
}

/** Reads header and raw field values back from a verified data DOM (values are validated by the form afterwards). */
export function readDataXml(doc: Document, fields: readonly FieldSpec[]): { header: Omit<DocumentDataHeader, 'issuedAt'> & { issuedAt?: Date }; data: Record<string, unknown> } {
  const root = doc.documentElement;
  if (root.namespaceURI !== DATA_NS || root.localName !== 'outputDocument') {
    throw new InvalidRequestError(`The signed document data is not an <outputDocument> of ${DATA_NS}`);
  }
  const issued = root.getAttribute('issuedAt');
  return {
    header: {
      form: root.getAttribute('form') ?? '',
      tenant: root.getAttribute('tenant') ?? '',
      service: root.getAttribute('service') ?? '',
      requestNumber: root.getAttribute('requestNumber') ?? '',
      processInstanceId: root.getAttribute('processInstanceId'),
      issuedAt: issued ? new Date(issued) : undefined,
    },
    data: readFields(root, fields),
  };
}

export interface Seal {
  documentId: string;
  verificationCode: string;
  form: string;
  lang: Lang;
  tenant: string;
  requestNumber: string;
  issuedAt: string;
  pdfSha256: string;
  dataSha256: string;
  dataSigner: 'specialist' | 'service';
}

const SEAL_KEYS: (keyof Seal)[] = ['documentId', 'verificationCode', 'form', 'lang', 'tenant', 'requestNumber', 'issuedAt', 'pdfSha256', 'dataSha256', 'dataSigner'];

export function buildSealXml(seal: Seal): string {
  const doc = newDoc(SEAL_NS, 'documentSeal');
  for (const key of SEAL_KEYS) {
    const el = doc.createElementNS(SEAL_NS, key);
    el.appendChild(doc.createTextNode(String(seal[key])));
    doc.documentElement.appendChild(el);
  }
  return serialise(doc);
}

/** Reads a seal from its verified DOM; null when an element is missing or repeated. */
export function readSeal(doc: Document): Seal | null {
  const root = doc.documentElement;
  if (root.namespaceURI !== SEAL_NS || root.localName !== 'documentSeal') return null;
  const out: Record<string, string> = {};
  for (const key of SEAL_KEYS) {
    const els = root.getElementsByTagNameNS(SEAL_NS, key);
    if (els.length !== 1) return null;
    out[key] = els[0]!.textContent ?? '';
  }
  return out as unknown as Seal;
}
