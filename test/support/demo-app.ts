// The browser suites' shared set-up: the demo app on a fresh SQLite file with one bundle, and a real Chromium,
// started before the suite and closed after it.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { startApp, type RunningApp } from '../../src/app/compose.js';
import type { DemoLogin } from '../../src/demo/seed.js';
import { launchBrowser } from './browser.js';

export interface DemoAppOptions {
  /** Names the temporary folder (database, downloads). */
  name: string;
  /** `<akimat>/<service>` under processes/. */
  bundle: string;
  adminPassword: string;
  /** In-process workers (default on). */
  workers?: boolean;
  timerPollInterval?: number;
}

export interface DemoEnv {
  readonly app: RunningApp;
  readonly browser: Browser;
  /** The suite's temporary folder. */
  readonly dir: string;
  /** The demo login (user, password, IIN) of a seeded user. */
  login(user: string): DemoLogin;
}

export function useDemoApp(o: DemoAppOptions): DemoEnv {
  let app: RunningApp | undefined;
  let browser: Browser | undefined;
  let dir = '';
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), `reglament-${o.name}-e2e-`));
    app = await startApp({
      demo: true, dbConfig: { sqliteFile: join(dir, 'db.sqlite') }, dataDir: dir, bundles: [o.bundle],
      adminUser: 'admin', adminPassword: o.adminPassword,
      ...(o.workers === false && { workers: false }),
      ...(o.timerPollInterval !== undefined && { timerPollInterval: o.timerPollInterval }),
    });
    browser = await launchBrowser();
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });
  return {
    get app() { return app!; },
    get browser() { return browser!; },
    get dir() { return dir; },
    login: (user) => app!.demo!.logins.find((l) => l.user === user)!,
  };
}
