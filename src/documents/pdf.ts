// Turns a pdfmake document definition into PDF bytes with the bundled Roboto fonts (every Russian and Kazakh letter)
// and no access to URLs or files outside the font folder. Rendering is CPU-bound (about 60–250 ms a page), so by
// default it runs on a worker thread: the host's event loop (HTTP, engine, other workers) keeps answering meanwhile.
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type { TDocumentDefinitions } from 'pdfmake/interfaces.js';

const require = createRequire(import.meta.url);

interface PdfMake {
  setFonts(fonts: unknown): void;
  setUrlAccessPolicy(cb: (url: string) => boolean): void;
  setLocalAccessPolicy(cb: (path: string) => boolean): void;
  createPdf(def: TDocumentDefinitions): { getBuffer(): Promise<Buffer> };
}

// The same setup runs in this thread (fallback) and in the worker thread (as plain CommonJS, no TypeScript loader).
const SETUP = `
function setupPdfmake(require, pdfmakePath, fontsPath) {
  const pm = require(pdfmakePath);
  const fonts = require(fontsPath);
  const dir = require('node:path').dirname(fonts.Roboto.normal);
  pm.setFonts(fonts);
  // Documents carry applicants' data: no image or font may be fetched from anywhere else.
  pm.setUrlAccessPolicy(() => false);
  pm.setLocalAccessPolicy((p) => p.startsWith(dir));
  return pm;
}`;

const THREAD = `${SETUP}
const { parentPort, workerData } = require('node:worker_threads');
const pm = setupPdfmake(require, workerData.pdfmakePath, workerData.fontsPath);
parentPort.on('message', async ({ id, def }) => {
  try {
    const buf = await pm.createPdf(def).getBuffer();
    const bytes = new Uint8Array(buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength));
    parentPort.postMessage({ id, pdf: bytes }, [bytes.buffer]);
  } catch (err) {
    parentPort.postMessage({ id, error: String(err && err.message || err) });
  }
});`;

const paths = () => ({ pdfmakePath: require.resolve('pdfmake'), fontsPath: require.resolve('pdfmake/fonts/Roboto.js') });

let local: PdfMake | null = null;
function localPdfmake(): PdfMake {
  if (!local) {
    const { pdfmakePath, fontsPath } = paths();
    local = (new Function('require', 'pdfmakePath', 'fontsPath', `${SETUP}\nreturn setupPdfmake(require, pdfmakePath, fontsPath);`))(require, pdfmakePath, fontsPath) as PdfMake;
  }
  return local;
}

interface Job { resolve(pdf: Buffer): void; reject(err: Error): void }

/** One rendering thread, referenced only while it has work, so it never keeps a finished process alive. */
class RenderThread {
  private worker: Worker | null = null;
  private jobs = new Map<number, Job>();
  private next = 0;

  get load(): number { return this.jobs.size; }

  private start(): Worker {
    const w = new Worker(THREAD, { eval: true, workerData: paths() });
    w.on('message', (m: { id: number; pdf?: Uint8Array; error?: string }) => {
      const job = this.jobs.get(m.id);
      if (!job) return;
      this.jobs.delete(m.id);
      if (this.jobs.size === 0) w.unref();
      if (m.pdf) job.resolve(Buffer.from(m.pdf.buffer, m.pdf.byteOffset, m.pdf.byteLength));
      else job.reject(new Error(`Couldn't render the PDF: ${m.error}`));
    });
    const fail = (err: Error) => {
      for (const job of this.jobs.values()) job.reject(err);
      this.jobs.clear();
      this.worker = null;
    };
    w.on('error', fail);
    w.on('exit', (code) => { if (this.worker === w) fail(new Error(`Couldn't render the PDF: the render thread exited (${code})`)); });
    w.unref();
    return w;
  }

  render(def: TDocumentDefinitions): Promise<Buffer> {
    this.worker ??= this.start();
    const w = this.worker;
    const id = this.next++;
    return new Promise<Buffer>((resolve, reject) => {
      this.jobs.set(id, { resolve, reject });
      w.ref();
      w.postMessage({ id, def });
    });
  }

  async close(): Promise<void> {
    const w = this.worker;
    this.worker = null;
    if (w) await w.terminate();
  }
}

let threads: RenderThread[] | null = null;

/** REGLAMENT_PDF_THREADS: rendering threads (default 1; 0 renders on the calling thread). */
function pool(): RenderThread[] {
  if (!threads) {
    const n = Number.parseInt(process.env.REGLAMENT_PDF_THREADS ?? '1', 10);
    threads = Array.from({ length: Number.isFinite(n) && n > 0 ? Math.min(n, 8) : 0 }, () => new RenderThread());
  }
  return threads;
}

export async function renderPdf(def: TDocumentDefinitions): Promise<Buffer> {
  const p = pool();
  if (p.length === 0) return Buffer.from(await localPdfmake().createPdf(def).getBuffer());
  const least = p.reduce((a, b) => (b.load < a.load ? b : a));
  return least.render(def);
}

/** Stops the rendering threads (tests, shutdown); the next render starts them again. */
export async function closePdfThreads(): Promise<void> {
  const p = threads ?? [];
  threads = null;
  await Promise.all(p.map((t) => t.close()));
}
