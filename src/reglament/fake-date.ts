// Fakes the global Date for the length of one simulation: the host's clock and bpmn-engine's timers both read
// Date (src/engine/api.ts Clock), so simulated time must move Date itself, as vi.setSystemTime does in tests.
const RealDate = globalThis.Date;

/** A Date constructor whose `new Date()` and `Date.now()` read `now()`; everything else is the real Date. */
function fakeDateConstructor(now: () => number): DateConstructor {
  const Fake = function (this: unknown, ...args: unknown[]): unknown {
    if (!new.target) return new RealDate(now()).toString();
    return args.length === 0 ? new RealDate(now()) : new (RealDate as unknown as new (...a: unknown[]) => Date)(...args);
  } as unknown as DateConstructor;
  Object.setPrototypeOf(Fake, RealDate);
  Object.defineProperty(Fake, 'prototype', { value: RealDate.prototype });
  Object.defineProperty(Fake, 'now', { value: () => now() });
  return Fake;
}

let active = false;

/** Runs `fn` with Date reading `now()`; restores the real Date afterwards. Not reentrant: one simulation at a time. */
export async function withFakeDate<T>(now: () => number, fn: () => Promise<T>): Promise<T> {
  if (active) throw new Error('A simulation is already running in this process: simulations share the faked Date');
  active = true;
  globalThis.Date = fakeDateConstructor(now);
  try {
    return await fn();
  } finally {
    globalThis.Date = RealDate;
    active = false;
  }
}

/** The real Date, for code that must not see simulated time. */
export { RealDate };
