// Page weight (issue 18, item 12), in real Chromium against the real server with the web apps: the portal's sign-in
// screen transfers less than 150 KB (the form library loads only when a form is shown), every text asset is
// compressed, vendor assets sit under a build-addressed path browsers keep for a year, and the app's own files are
// revalidated (ETag → 304).
import { mkdtempSync } from 'node:fs';
import { get } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { webApps } from '../../src/web/plugin.js';
import { launchBrowser, watchPageErrors } from '../support/browser.js';
import { startServer, type TestServer } from '../support/server.js';

/** fetch() turns a hand-set If-None-Match into a reload (it adds Cache-Control: no-cache): ask as a browser cache does. */
function statusOf(url: string, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    get(url, { headers }, (res) => { res.resume(); resolve(res.statusCode ?? 0); }).on('error', reject);
  });
}

describe('page weight of the web apps', () => {
  let s: TestServer;
  let base = '';
  let browser: Browser;
  let vendor = '';

  beforeAll(async () => {
    const bundleDir = mkdtempSync(join(tmpdir(), 'reglament-web-test-'));
    s = await startServer({ withoutEngine: true, plugins: [(app) => webApps(app, { bundleDir })] });
    base = await s.listen();
    browser = await launchBrowser();
    const html = await (await fetch(`${base}/web/portal.html`)).text();
    vendor = /<meta name="reglament-vendor" content="([^"]+)">/.exec(html)?.[1] ?? '';
  }, 120_000);
  afterAll(async () => { await browser?.close(); await s?.close(); });

  it('names a build-addressed vendor folder in every page', async () => {
    expect(vendor).toMatch(/^\/web\/vendor\/[0-9a-f]{12}\/$/);
    for (const page of ['', 'index.html', 'operator.html', 'analyst.html']) {
      const html = await (await fetch(`${base}/web/${page}`)).text();
      expect(html, page).toContain(`content="${vendor}"`);
      expect(html, page).not.toMatch(/"\/web\/vendor\/(?![0-9a-f]{12}\/)/);
    }
  });

  it('compresses text assets and lets browsers keep vendor assets for a year', async () => {
    const lib = await fetch(`${base}${vendor}form-js/form-viewer.umd.js`, { headers: { 'accept-encoding': 'br' } });
    expect(lib.status).toBe(200);
    expect(lib.headers.get('content-encoding')).toBe('br');
    expect(lib.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    const gz = await fetch(`${base}${vendor}modeler.js`, { headers: { 'accept-encoding': 'gzip' } });
    expect(gz.headers.get('content-encoding')).toBe('gzip');
    expect(gz.headers.get('cache-control')).toContain('immutable');
    // The old unversioned address is gone: a stale page cannot mix versions.
    expect((await fetch(`${base}/web/vendor/form-js/form-viewer.umd.js`)).status).toBe(404);
  });

  it("revalidates the app's own files: no-cache with an ETag, 304 when unchanged", async () => {
    for (const path of ['/web/portal.js', '/web/portal.html']) {
      const first = await fetch(`${base}${path}`);
      expect(first.headers.get('cache-control'), path).toBe('no-cache');
      const etag = first.headers.get('etag');
      expect(etag, path).toBeTruthy();
      expect(await statusOf(`${base}${path}`, { 'if-none-match': etag! }), path).toBe(304);
    }
  });

  it('the portal sign-in screen transfers under 150 KB, without the form library, and paints', async () => {
    const page = await browser.newPage();
    const errors = watchPageErrors(page);
    const responses: Promise<number>[] = [];
    const urls: string[] = [];
    page.on('requestfinished', (request) => {
      urls.push(request.url());
      responses.push(request.sizes().then((x) => x.responseBodySize + x.responseHeadersSize));
    });
    await page.goto(`${base}/web/portal.html`);
    await page.locator('#password').waitFor();
    await page.waitForLoadState('networkidle');
    const bytes = (await Promise.all(responses)).reduce((a, b) => a + b, 0);
    const paint = await page.evaluate(() => performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? null);
    console.log(`portal sign-in screen: ${urls.length} requests, ${(bytes / 1024).toFixed(1)} KB transferred, first contentful paint ${paint?.toFixed(0)} ms`);
    expect(urls.some((u) => u.includes('form-viewer'))).toBe(false);
    expect(bytes).toBeLessThan(150 * 1024);
    expect(paint).not.toBeNull();
    expect(errors).toEqual([]);
    await page.close();
  });
});
