// Test helpers for the documents suites: a demo PKI and trust store made once per file, the document service deps.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Knex } from 'knex';
import { createDemoPki, type DemoPki } from '../../src/documents/demo-pki.js';
import type { DocumentServiceDeps } from '../../src/documents/generate.js';
import { trustStoreOf } from '../../src/documents/xml-signer.js';
import { folderProfiles, folderTemplates } from '../../src/documents/template-source.js';
import { readBundleDocuments } from '../../src/documents/bundle-documents.js';
import type { DocumentTemplate } from '../../src/documents/template/types.js';
import type { TrustStore } from '../../src/eds/trust-store.js';

/** The bundles of the seeds: their templates and their tenants' profiles are the real data documents render. */
export const PROCESSES = join(import.meta.dirname, '..', '..', 'processes');

/** A template of a seed bundle, e.g. templateOf('semey/guardianship-certificate', 'refusal'). */
export function templateOf(bundle: string, id: string): DocumentTemplate {
  const t = readBundleDocuments(join(PROCESSES, bundle)).documents?.templates.get(id);
  if (!t) throw new Error(`no template ${bundle}/documents/${id}.json`);
  return t;
}

export interface DocumentsFixture { pki: DemoPki; trust: TrustStore }

export async function documentsFixture(): Promise<DocumentsFixture> {
  const pki = await createDemoPki();
  return { pki, trust: await trustStoreOf([pki.ca.certificate]) };
}

export function depsFor(db: Knex, f: DocumentsFixture): DocumentServiceDeps {
  return {
    db,
    templates: folderTemplates(PROCESSES),
    profiles: folderProfiles(PROCESSES),
    serviceKey: async () => f.pki.service,
    trust: f.trust,
    verifyBaseUrl: 'https://reglament.test/api/documents/verify/',
  };
}

/** The text of a PDF, by poppler's pdftotext. */
export function pdfText(pdf: Uint8Array): string {
  const dir = mkdtempSync(join(tmpdir(), 'reglament-pdf-'));
  const file = join(dir, 'doc.pdf');
  writeFileSync(file, pdf);
  return execFileSync('pdftotext', ['-layout', '-enc', 'UTF-8', file, '-'], { encoding: 'utf8' });
}

/** Renders page 1 to PNG under test-artifacts/ (gitignored) and returns its path. */
export function pageToPng(pdf: Uint8Array, name: string, dpi = 60): string {
  const dir = join(process.cwd(), 'test-artifacts');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${name}.pdf`);
  writeFileSync(file, pdf);
  execFileSync('pdftoppm', ['-r', String(dpi), '-png', '-singlefile', '-f', '1', '-l', '1', file, join(dir, name)]);
  return join(dir, `${name}.png`);
}
