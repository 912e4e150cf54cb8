// Test helpers for the documents suites: a demo PKI and trust store made once per file, the document service deps.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Knex } from 'knex';
import { createDemoPki, type DemoPki } from '../../src/documents/demo-pki.js';
import type { DocumentServiceDeps } from '../../src/documents/generate.js';
import { trustStoreOf } from '../../src/documents/xml-signer.js';
import type { TrustStore } from '../../src/eds/trust-store.js';

export interface DocumentsFixture { pki: DemoPki; trust: TrustStore }

export async function documentsFixture(): Promise<DocumentsFixture> {
  const pki = await createDemoPki();
  return { pki, trust: await trustStoreOf([pki.ca.certificate]) };
}

export function depsFor(db: Knex, f: DocumentsFixture): DocumentServiceDeps {
  return {
    db,
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
