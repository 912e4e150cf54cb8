// `reglament document`: lists the output document templates of the bundles, prints the template schema, or renders
// one template of one bundle to a PDF preview — with the bundle's manifest and the tenant's tenant.json, no process.
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { renderDocument } from '../documents/render.js';
import { documentScope } from '../documents/scope.js';
import { DOCUMENT_TEMPLATE_SCHEMA } from '../documents/template/schema.js';
import { folderProfiles, folderTemplates } from '../documents/template-source.js';
import { newVerificationCode } from '../documents/verification-code.js';
import { ReglamentError } from '../errors.js';

const usage = `usage: reglament document --list [--root <dir>]
       reglament document --schema
       reglament document <template> --tenant <id> [--service <id>] --lang ru|kk (--data <file.json> | --sample) --out <file.pdf> [--root <dir>]
  <template>  a template id, documents/<template>.json of the bundle processes/<tenant>/<service>/
  --root      the folder holding processes/ (default: the working directory)
`;

export async function run(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        list: { type: 'boolean' },
        schema: { type: 'boolean' },
        lang: { type: 'string', default: 'ru' },
        data: { type: 'string' },
        sample: { type: 'boolean' },
        out: { type: 'string' },
        tenant: { type: 'string' },
        service: { type: 'string' },
        root: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n${usage}`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help) { process.stdout.write(usage); return 0; }
  if (values.schema) { process.stdout.write(`${JSON.stringify(DOCUMENT_TEMPLATE_SCHEMA, null, 2)}\n`); return 0; }
  const processes = join(resolve(values.root ?? '.'), 'processes');
  const templates = folderTemplates(processes);
  if (values.list) {
    for (const t of await templates.list('all')) {
      process.stdout.write(`${`${t.tenant}/${t.service}`.padEnd(52)} ${t.template.id.padEnd(44)} ${t.template.title.ru} / ${t.template.title.kk}\n`);
    }
    return 0;
  }
  const [formId] = positionals;
  if (!formId || !values.tenant || !values.out || (!values.data && !values.sample) || (values.data && values.sample)) {
    process.stderr.write(usage);
    return 2;
  }
  try {
    const { template, manifest } = await templates.resolve({ form: formId, tenant: values.tenant, service: values.service });
    const scope = documentScope(manifest, await folderProfiles(processes)(values.tenant), template.id);
    const data: unknown = values.sample ? template.sample : JSON.parse(readFileSync(values.data!, 'utf8'));
    const code = newVerificationCode();
    const started = performance.now();
    const { pdf } = await renderDocument({
      template, scope, lang: values.lang as 'ru' | 'kk', data,
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
