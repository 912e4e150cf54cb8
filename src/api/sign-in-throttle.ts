// Slows password guessing without letting a stranger lock anyone out. No account is ever locked by failures:
// failures back off the pair (account, client address) that made them, and the address as a whole; a credential
// that has succeeded before passes at once, so a worker or an administrator keeps working while somebody else
// guesses their password, from anywhere. A distributed guess at one account (many addresses) backs off the
// addresses that never signed in to it, and only them.
import { createHmac, randomBytes } from 'node:crypto';

export interface ThrottlePolicy {
  /** Failures of one (account, address) pair answered normally before it backs off (default 5). */
  freeFailures: number;
  /** First back-off, doubled with each further failure (default 1 s), up to `maxDelayMs` (default 60 s). */
  baseDelayMs: number;
  maxDelayMs: number;
  /** Failures from one address over every account within `windowMs` before the address backs off (default 100). */
  addressFailures: number;
  /** Failures at one account from all addresses within `windowMs` before unknown addresses back off (default 50). */
  accountFailures: number;
  windowMs: number;
  /** How long a credential that succeeded stays known (default 24 h). */
  knownMs: number;
  /** Most entries kept per table; the oldest go first (memory stays bounded under a flood of names). */
  maxEntries: number;
}

export const defaultThrottlePolicy: ThrottlePolicy = {
  freeFailures: 5, baseDelayMs: 1_000, maxDelayMs: 60_000,
  addressFailures: 100, accountFailures: 50, windowMs: 15 * 60_000,
  knownMs: 24 * 3600_000, maxEntries: 50_000,
};

export type ThrottleDecision = { allowed: true } | { allowed: false; retryAfterMs: number };

interface Backoff { failures: number; until: number; seen: number }
interface Window { count: number; since: number }

/** A Map that forgets its oldest entries past a size (insertion order; touched entries move to the end). */
class Bounded<V> extends Map<string, V> {
  constructor(private readonly max: number) { super(); }
  put(key: string, value: V): void {
    this.delete(key);
    this.set(key, value);
    if (this.size > this.max) this.delete(this.keys().next().value!);
  }
}

export class SignInThrottle {
  private readonly policy: ThrottlePolicy;
  private readonly key = randomBytes(32);
  private readonly pairs: Bounded<Backoff>;
  private readonly addresses: Bounded<Window>;
  private readonly accounts: Bounded<Window>;
  /** HMACs of credentials that succeeded, and of (account, address) pairs that did. */
  private readonly known: Bounded<number>;

  constructor(policy: Partial<ThrottlePolicy> = {}, private readonly now: () => number = Date.now) {
    this.policy = { ...defaultThrottlePolicy, ...policy };
    this.pairs = new Bounded(this.policy.maxEntries);
    this.addresses = new Bounded(this.policy.maxEntries);
    this.accounts = new Bounded(this.policy.maxEntries);
    this.known = new Bounded(this.policy.maxEntries);
  }

  /** Whether to check this attempt at all. `secret` is the presented password (kept only as an HMAC). */
  check(account: string, address: string, secret: string): ThrottleDecision {
    const now = this.now();
    if (this.isKnown(this.credentialId(account, secret), now)) return { allowed: true };
    const waits: number[] = [];
    const pair = this.pairs.get(this.pairId(account, address));
    if (pair && pair.until > now) waits.push(pair.until - now);
    const byAddress = this.live(this.addresses, address, now);
    if (byAddress && byAddress.count >= this.policy.addressFailures) waits.push(byAddress.since + this.policy.windowMs - now);
    const byAccount = this.live(this.accounts, account, now);
    if (byAccount && byAccount.count >= this.policy.accountFailures && !this.isKnown(this.pairId(account, address), now)) {
      waits.push(Math.min(this.policy.maxDelayMs, byAccount.since + this.policy.windowMs - now));
    }
    return waits.length ? { allowed: false, retryAfterMs: Math.max(...waits) } : { allowed: true };
  }

  failure(account: string, address: string): void {
    const now = this.now();
    const id = this.pairId(account, address);
    const pair = this.pairs.get(id) ?? { failures: 0, until: 0, seen: now };
    pair.failures += 1;
    pair.seen = now;
    const over = pair.failures - this.policy.freeFailures;
    if (over >= 0) pair.until = now + Math.min(this.policy.maxDelayMs, this.policy.baseDelayMs * 2 ** Math.min(over, 30));
    this.pairs.put(id, pair);
    this.count(this.addresses, address, now);
    this.count(this.accounts, account, now);
  }

  success(account: string, address: string, secret: string): void {
    const until = this.now() + this.policy.knownMs;
    this.known.put(this.credentialId(account, secret), until);
    this.known.put(this.pairId(account, address), until);
    this.pairs.delete(this.pairId(account, address));
  }

  private live(table: Bounded<Window>, key: string, now: number): Window | undefined {
    const w = table.get(key);
    if (w && w.since + this.policy.windowMs <= now) { table.delete(key); return undefined; }
    return w;
  }

  private count(table: Bounded<Window>, key: string, now: number): void {
    const w = this.live(table, key, now) ?? { count: 0, since: now };
    w.count += 1;
    table.put(key, w);
  }

  private isKnown(id: string, now: number): boolean {
    const until = this.known.get(id);
    if (until === undefined) return false;
    if (until <= now) { this.known.delete(id); return false; }
    return true;
  }

  private pairId(account: string, address: string): string {
    return `p:${createHmac('sha256', this.key).update(`${account}\u0000${address}`).digest('base64url')}`;
  }

  private credentialId(account: string, secret: string): string {
    return `c:${createHmac('sha256', this.key).update(`${account}\u0000${secret}`).digest('base64url')}`;
  }
}
