// Turns a pdfmake document definition into PDF bytes on the server, with the bundled Roboto fonts
// (every Russian and Kazakh letter) and no access to URLs or files outside the font folder.
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import type { TDocumentDefinitions } from 'pdfmake/interfaces.js';

const require = createRequire(import.meta.url);

interface PdfMake {
  setFonts(fonts: unknown): void;
  setUrlAccessPolicy(cb: (url: string) => boolean): void;
  setLocalAccessPolicy(cb: (path: string) => boolean): void;
  createPdf(def: TDocumentDefinitions): { getBuffer(): Promise<Buffer> };
}

let engine: PdfMake | null = null;

function pdfmake(): PdfMake {
  if (engine) return engine;
  const pm = require('pdfmake') as PdfMake;
  const fonts = require('pdfmake/fonts/Roboto.js') as { Roboto: Record<string, string> };
  const fontDir = dirname(fonts.Roboto.normal!);
  pm.setFonts(fonts);
  // Documents carry data from applicants: no image or font may be fetched from anywhere else.
  pm.setUrlAccessPolicy(() => false);
  pm.setLocalAccessPolicy((path) => path.startsWith(fontDir));
  engine = pm;
  return pm;
}

export async function renderPdf(def: TDocumentDefinitions): Promise<Buffer> {
  return Buffer.from(await pdfmake().createPdf(def).getBuffer());
}
