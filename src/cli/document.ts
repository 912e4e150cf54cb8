// `reglament document`: lists the output forms, or renders one to a PDF preview without running a process.
import { readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { describeForms, getForm } from '../documents/forms/index.js';
import { renderDocument } from '../documents/render.js';
import { newVerificationCode } from '../documents/verification-code.js';
import { ReglamentError } from '../errors.js';

const usage = `usage: reglament document --list
       reglament document <form> --lang ru|kk (--data <file.json> | --sample) --out <file.pdf> [--tenant <id>] [--service <id>]
`;

export async function run(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        list: { type: 'boolean' },
        lang: { type: 'string', default: 'ru' },
        data: { type: 'string' },
        sample: { type: 'boolean' },
        out: { type: 'string' },
        tenant: { type: 'string' },
        service: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n${usage}`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help) { process.stdout.write(usage); return 0; }
  if (values.list) {
    for (const f of describeForms()) {
      process.stdout.write(`${f.id.padEnd(44)} ${f.title.ru} / ${f.title.kk}\n${' '.repeat(45)}${f.spec}\n`);
    }
    return 0;
  }
  const [formId] = positionals;
  if (!formId || !values.out || (!values.data && !values.sample) || (values.data && values.sample)) {
    process.stderr.write(usage);
    return 2;
  }
  try {
    const form = getForm(formId);
    const data: unknown = values.sample ? form.sample : JSON.parse(readFileSync(values.data!, 'utf8'));
    const code = newVerificationCode();
    const started = performance.now();
    const { pdf } = await renderDocument({
      form: formId,
      lang: values.lang as 'ru' | 'kk',
      data,
      tenant: values.tenant ?? form.sampleTenant,
      service: values.service ?? (values.tenant ? undefined : form.sampleService),
      requestNumber: 'PREVIEW-000000',
      issuedAt: new Date(),
      verificationCode: code,
      verifyUrl: `https://example.invalid/api/documents/verify/${code}`,
      signerOrganisation: 'ПРЕДПРОСМОТР / АЛДЫН АЛА ҚАРАУ',
    });
    writeFileSync(values.out, pdf);
    process.stdout.write(`${values.out}: ${pdf.length} bytes in ${Math.round(performance.now() - started)} ms (preview, not signed)\n`);
    return 0;
  } catch (err) {
    if (err instanceof ReglamentError || err instanceof SyntaxError) {
      process.stderr.write(`reglament document: ${err.message}\n`);
      return 1;
    }
    throw err;
  }
}
