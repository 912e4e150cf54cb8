// Settings of the HTTP API with their defaults; `reglament serve` fills them from the environment.
import type { ThrottlePolicy } from './sign-in-throttle.js';

export interface ApiConfig {
  /** Demo mode (`serve --demo`): demo-only routes such as the demo signer exist only then. */
  demo?: boolean;
  /** The first administrator, created on start when missing. */
  adminUser?: string;
  adminPassword?: string;
  /** Lifetime of bearer tokens (default 12 hours). */
  tokenTtlMs: number;
  /**
   * Login attempts per (client address, account) and window, and registrations per address (default 10 per
   * minute): a ЦОН office behind one address signs in its operators without reaching the limit.
   */
  loginRateLimit: { max: number; timeWindowMs: number };
  /** Largest JSON body (default 2 MiB). */
  bodyLimit: number;
  /** Largest single file of a multipart deployment (default 10 MiB) and most files per deployment. */
  fileLimit: number;
  maxFiles: number;
  /** Largest decoded `File` variable value (default 10 MiB). */
  maxFileVariableSize: number;
  /** fetchAndLock long polling: how often waiters re-query for other nodes' tasks, and how many may wait. */
  longPoll: { requeryMs: number; capacity: number };
  /** How long verified credentials and principals are cached (default 10 s); 0 disables. */
  authCacheMs: number;
  /**
   * Hard lockout after failures in a row (default off: `maxFailures` 0). A lock lets any stranger stop a worker or an
   * administrator with a few wrong passwords, so failures back off through `signInThrottle` instead (docs/security.md).
   */
  lockout: { maxFailures: number; lockMs: number };
  /** Back-off of failed sign-ins per (account, address), per address and per account (src/api/sign-in-throttle.ts). */
  signInThrottle?: Partial<ThrottlePolicy>;
}

export const defaultConfig: ApiConfig = {
  tokenTtlMs: 12 * 3600_000,
  loginRateLimit: { max: 10, timeWindowMs: 60_000 },
  bodyLimit: 2 * 1024 * 1024,
  fileLimit: 10 * 1024 * 1024,
  maxFiles: 50,
  maxFileVariableSize: 10 * 1024 * 1024,
  longPoll: { requeryMs: 3_000, capacity: 200 },
  authCacheMs: 10_000,
  lockout: { maxFailures: 0, lockMs: 15 * 60_000 },
};

export function withDefaults(config: Partial<ApiConfig> = {}): ApiConfig {
  return {
    ...defaultConfig,
    ...config,
    loginRateLimit: { ...defaultConfig.loginRateLimit, ...config.loginRateLimit },
    longPoll: { ...defaultConfig.longPoll, ...config.longPoll },
    lockout: { ...defaultConfig.lockout, ...config.lockout },
  };
}
