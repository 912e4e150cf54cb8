// Verification codes: random, unguessable, short enough to type from paper (16 base32 letters = 80 bits).
import { randomBytes } from 'node:crypto';

const ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789'; // no I, O, 0, 1: nobody confuses them when typing from paper

export function newVerificationCode(): string {
  const bytes = randomBytes(16);
  let out = '';
  for (const b of bytes) out += ALPHABET[b & 31];
  return out;
}

/** Normalises what a person typed: upper case, no spaces or dashes; null when it cannot be a code. */
export function normaliseCode(input: string): string | null {
  const s = input.toUpperCase().replace(/[\s-]/g, '');
  return /^[A-HJ-NP-Z2-9]{16}$/.test(s) ? s : null;
}

/** Groups of four for printing: ABCD-EFGH-JKLM-NPQR. */
export function formatCode(code: string): string {
  return code.replace(/(.{4})(?=.)/g, '$1-');
}
