// The bound on password hashing: one scrypt at a time, a short queue, and a quick refusal past it — so a wave of
// sign-ins cannot take the thread pool the database driver needs.
import { describe, expect, it } from 'vitest';
import { PasswordHashing } from '../../src/store/password-hashing.js';
import { TooManyAttemptsError } from '../../src/errors.js';

const salt = Buffer.alloc(16, 1);
const hash = (h: PasswordHashing, pw: string) => h.scrypt(pw, salt, 1024, 8, 1, 32);

describe('PasswordHashing', () => {
  it('runs at most `concurrency` hashes at once and gives every queued caller its own result', async () => {
    const h = new PasswordHashing({ concurrency: 1, maxQueued: 10 });
    const peaks: number[] = [];
    const all = Array.from({ length: 8 }, (_, i) => hash(h, `pw-${i}`).then((key) => { peaks.push(h.load.running); return key.toString('hex'); }));
    expect(h.load).toEqual({ running: 1, waiting: 7 });
    const keys = await Promise.all(all);
    expect(new Set(keys).size).toBe(8);
    expect(Math.max(...peaks)).toBe(1);
    expect(h.load).toEqual({ running: 0, waiting: 0 });
    expect(keys[3]).toBe((await hash(new PasswordHashing(), 'pw-3')).toString('hex'));
  });

  it('refuses at once past the queue, with a retry hint, and keeps serving the queue', async () => {
    const h = new PasswordHashing({ concurrency: 1, maxQueued: 2 });
    const accepted = [hash(h, 'a'), hash(h, 'b'), hash(h, 'c')];
    const refused = hash(h, 'd');
    await expect(refused).rejects.toBeInstanceOf(TooManyAttemptsError);
    await expect(refused).rejects.toMatchObject({ status: 429, retryAfterMs: 1000 });
    expect((await Promise.all(accepted)).length).toBe(3);
  });

  it('a failing hash frees its slot', async () => {
    const h = new PasswordHashing({ concurrency: 1, maxQueued: 5 });
    const bad = h.scrypt('x', salt, 3, 8, 1, 32); // N must be a power of two: scrypt fails
    const good = hash(h, 'y');
    await expect(bad).rejects.toThrow();
    expect((await good).length).toBe(32);
    expect(h.load).toEqual({ running: 0, waiting: 0 });
  });
});
