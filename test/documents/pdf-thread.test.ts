// The PDF renderer's thread: the same document renders the same on the thread and on the calling thread, errors
// come back as errors, and a render thread that was closed starts again.
import { afterAll, describe, expect, it } from 'vitest';
import { closePdfThreads, renderPdf } from '../../src/documents/pdf.js';
import { pdfText } from './support.js';

// A fresh object each time: pdfmake decorates the definition it renders in place.
const def = () => ({ content: [{ text: 'Қазақ тілі — ә ғ қ ң ө ұ ү һ і; русский текст.' }, { qr: 'https://reglament.test/v/ABC', fit: 80 }], defaultStyle: { font: 'Roboto' } });

describe('PDF renderer', () => {
  afterAll(async () => { await closePdfThreads(); delete process.env.REGLAMENT_PDF_THREADS; });

  it('renders on the thread and on the calling thread alike', async () => {
    const threaded = await renderPdf(def() as never);
    await closePdfThreads();
    process.env.REGLAMENT_PDF_THREADS = '0';
    const inline = await renderPdf(def() as never);
    await closePdfThreads();
    delete process.env.REGLAMENT_PDF_THREADS;
    expect(pdfText(threaded)).toBe(pdfText(inline));
    expect(pdfText(threaded)).toContain('ә ғ қ ң ө ұ ү һ і');
  });

  it('runs several renders at once and reports a broken definition as an error', async () => {
    const many = await Promise.all([1, 2, 3].map((i) => renderPdf({ ...def(), content: [{ text: `Doc-${i}` }] } as never)));
    expect(many.map((p) => pdfText(p).trim())).toEqual(['Doc-1', 'Doc-2', 'Doc-3']);
    await expect(renderPdf({ content: [{ image: 'file:///etc/passwd' }] } as never)).rejects.toThrow(/Couldn't render the PDF/);
    await closePdfThreads();
    expect(pdfText(await renderPdf(def() as never))).toContain('русский текст');
  });
});
