// scrypt with a bounded number of hashes at a time. scrypt runs on libuv's thread pool — the same four threads the
// SQLite driver runs every query on — and takes 16 MiB and tens of milliseconds per hash. Unbounded, a wave of
// sign-ins fills the pool, every query waits behind it (task lists and completions took seconds under 200 clients),
// and each pool thread keeps its own malloc arena of 16 MiB blocks. So at most `concurrency` hashes run at once,
// at most `maxQueued` wait, and the rest are refused at once with a retry hint.
import { scrypt as scryptCb } from 'node:crypto';
import { TooManyAttemptsError } from '../errors.js';

export interface HashingLimits { concurrency: number; maxQueued: number }
export const defaultHashingLimits: HashingLimits = { concurrency: 1, maxQueued: 16 };

export class PasswordHashing {
  private running = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(private readonly limits: HashingLimits = defaultHashingLimits) {}

  async scrypt(password: string, salt: Buffer, N: number, r: number, p: number, keylen: number): Promise<Buffer> {
    if (this.running >= this.limits.concurrency) {
      if (this.waiting.length >= this.limits.maxQueued) throw new TooManyAttemptsError('Too many sign-ins at once; try again in a second', 1_000);
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    } else {
      this.running++;
    }
    try {
      return await new Promise<Buffer>((resolve, reject) => {
        scryptCb(password, salt, keylen, { N, r, p, maxmem: 64 * 1024 * 1024 }, (err, key) => (err ? reject(err) : resolve(key)));
      });
    } finally {
      // The slot passes straight to the next waiter, so `running` never drops below the queue's need.
      const next = this.waiting.shift();
      if (next) next(); else this.running--;
    }
  }

  /** Hashes running and waiting (for tests and the load bench). */
  get load(): { running: number; waiting: number } { return { running: this.running, waiting: this.waiting.length }; }
}

/** One limiter per process: the thread pool it protects is per process too. */
export const passwordHashing = new PasswordHashing();
