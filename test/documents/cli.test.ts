// `reglament document`: the list of output forms and a preview render from --sample or --data, with clear errors.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { run } from '../../src/cli/document.js';
import { pdfText } from './support.js';

describe('reglament document', () => {
  let out: string[];
  let err: string[];
  const dir = mkdtempSync(join(tmpdir(), 'reglament-cli-'));
  beforeEach(() => {
    out = []; err = [];
    vi.spyOn(process.stdout, 'write').mockImplementation((s) => { out.push(String(s)); return true; });
    vi.spyOn(process.stderr, 'write').mockImplementation((s) => { err.push(String(s)); return true; });
  });
  afterEach(() => { vi.restoreAllMocks(); });

  it('--list lists the templates of every bundle with their titles; --schema prints the JSON Schema', async () => {
    expect(await run(['--list'])).toBe(0);
    const text = out.join('');
    expect(text).toMatch(/semey\/housing-queue\s+housing-queue-notice/);
    expect(text).toMatch(/kyzylzhar\/preschool-registration\s+refusal/);
    expect(text).toContain('Баланы тіркеу туралы хабарлама');
    out = [];
    expect(await run(['--schema'])).toBe(0);
    expect(JSON.parse(out.join('')).$id).toBe('https://reglament.kz/schema/document-template.json');
  });

  it('renders a sample in Kazakh to a PDF', async () => {
    const file = join(dir, 'sample.pdf');
    expect(await run(['housing-queue-notice', '--tenant', 'semey', '--lang', 'kk', '--sample', '--out', file])).toBe(0);
    expect(pdfText(readFileSync(file))).toContain('Есепке қою сәтінде Сіздің кезегіңіз № 1207');
  });

  it('renders from a data file, and names the form and field of bad data', async () => {
    const data = join(dir, 'data.json');
    writeFileSync(data, JSON.stringify({ applicantFullName: 'Иванов Иван', refusalReason: 'не достиг возраста' }));
    const file = join(dir, 'refusal.pdf');
    expect(await run(['refusal', '--lang', 'ru', '--data', data, '--out', file, '--tenant', 'semey', '--service', 'unemployed-certificate'])).toBe(0);
    expect(pdfText(readFileSync(file))).toContain('Вам отказано в предоставлении справки безработного');
    writeFileSync(data, JSON.stringify({ applicantFullName: 'Иванов Иван' }));
    expect(await run(['refusal', '--lang', 'ru', '--data', data, '--out', file, '--tenant', 'semey', '--service', 'unemployed-certificate'])).toBe(1);
    expect(err.join('')).toContain("Form 'refusal' is missing the required field 'refusalReason'");
  });

  it('refuses unknown forms, languages and missing options', async () => {
    expect(await run(['no-such-form', '--tenant', 'semey', '--sample', '--out', join(dir, 'x.pdf')])).toBe(1);
    expect(err.join('')).toContain("no bundle of tenant 'semey' has a template documents/no-such-form.json");
    expect(await run(['refusal', '--tenant', 'semey', '--lang', 'en', '--sample', '--out', join(dir, 'x.pdf')])).toBe(1);
    expect(err.join('')).toContain("say which service (one of ");
    expect(await run(['refusal', '--tenant', 'semey', '--service', 'housing-queue', '--lang', 'en', '--sample', '--out', join(dir, 'x.pdf')])).toBe(1);
    expect(err.join('')).toContain("Unknown document language 'en'");
    expect(await run(['refusal', '--sample'])).toBe(2);
    expect(await run(['refusal', '--sample', '--data', 'x.json', '--out', 'y.pdf'])).toBe(2);
  });
});
