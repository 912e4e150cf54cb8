// Builds the analyst editor's browser bundle (bpmn-js Modeler + Camunda properties panel) with esbuild.
// Runs at server start; the result is cached by the sources' modification times, so restarts are instant.
import { mkdirSync, statSync, existsSync, writeFileSync, readFileSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const entry = fileURLToPath(new URL('./client/modeler.js', import.meta.url));
const packageLock = fileURLToPath(new URL('../../package-lock.json', import.meta.url));

export async function buildModelerBundle(outDir: string): Promise<string> {
  mkdirSync(outDir, { recursive: true });
  const outfile = join(outDir, 'modeler.js');
  const stampFile = join(outDir, 'modeler.stamp');
  const stamp = `${statSync(entry).mtimeMs}:${existsSync(packageLock) ? statSync(packageLock).mtimeMs : 0}`;
  if (existsSync(outfile) && existsSync(stampFile) && readFileSync(stampFile, 'utf8') === stamp) return outfile;
  const result = await build({
    entryPoints: [entry], bundle: true, format: 'esm', platform: 'browser', minify: true,
    outfile, logLevel: 'error', loader: { '.json': 'json' }, legalComments: 'none', write: false,
  });
  // Several servers may start at once (parallel test files): each writes its own file and renames it into place,
  // so none serves a half-written bundle.
  const tmp = `${outfile}.${process.pid}.${Date.now()}.tmp`;
  writeFileSync(tmp, result.outputFiles[0]!.contents);
  renameSync(tmp, outfile);
  writeFileSync(stampFile, stamp);
  return outfile;
}
