// Long polling of fetchAndLock on this node. A new task wakes one idle waiter of its topic (as Camunda wakes a single
// handler), which hands the wake-up on when its own filters do not match; waiters in the middle of a fetch fetch once
// more. A periodic re-query finds other nodes' tasks; the queue has a capacity (500 as Camunda when full); a client
// that leaves is released, and a task locked for it in that instant is unlocked again.
import type { Access, FetchAndLockRequest, Host, LockedExternalTask } from '../engine/api.js';
import { ProcessEngineError } from '../errors.js';

interface Created { topicName: string; tenantId: string | null; tried: Set<Waiter> }

interface Waiter {
  topics: Set<string>;
  access: Access;
  /** In the middle of a fetchAndLock: a task created now may not be seen by it. */
  fetching: boolean;
  /** Fetch again before sleeping. */
  signalled: boolean;
  /** The creation this waiter was woken for, handed on when its fetch finds nothing. */
  carried: Created | null;
  wake(event?: Created): void;
}

export interface LongPollOptions { requeryMs: number; capacity: number }

export class LongPoller {
  private readonly waiters = new Set<Waiter>();
  private unsubscribe: (() => void) | null = null;
  private closed = false;

  constructor(private readonly host: Host, private readonly options: LongPollOptions) {}

  get waiting(): number { return this.waiters.size; }

  private ensureSubscribed(): void {
    if (this.unsubscribe) return;
    this.unsubscribe = this.host.onExternalTaskCreated((e) => this.dispatch({ topicName: e.topicName, tenantId: e.tenantId, tried: new Set() }));
  }

  private matches(w: Waiter, e: Created): boolean {
    if (!w.topics.has(e.topicName)) return false;
    return e.tenantId === null || w.access.tenantIds === null || w.access.tenantIds.includes(e.tenantId);
  }

  /** Wakes the oldest idle waiter not yet tried for this task; if none is idle, busy ones fetch once more. */
  private dispatch(e: Created): void {
    const busy: Waiter[] = [];
    for (const w of this.waiters) {
      if (e.tried.has(w) || !this.matches(w, e)) continue;
      if (!w.fetching && !w.signalled) {
        e.tried.add(w);
        w.wake(e);
        return;
      }
      busy.push(w);
    }
    for (const w of busy) w.signalled = true;
  }

  /** Answers every waiting poll with an empty list (server shutting down). */
  close(): void {
    this.closed = true;
    this.unsubscribe?.();
    this.unsubscribe = null;
    for (const w of this.waiters) w.wake();
    this.waiters.clear();
  }

  /**
   * Fetches at once; when nothing is there and `timeoutMs` > 0, waits until a matching task appears, the timeout passes
   * or `aborted()` turns true (client gone).
   */
  async fetch(req: FetchAndLockRequest, access: Access, timeoutMs: number, aborted: () => boolean, onAbort: (cb: () => void) => void): Promise<LockedExternalTask[]> {
    if (timeoutMs <= 0 || this.closed) return this.host.fetchAndLock(req, access);
    if (this.waiters.size >= this.options.capacity) {
      const tasks = await this.host.fetchAndLock(req, access);
      if (tasks.length) return tasks;
      throw new ProcessEngineError(`Cannot wait for external tasks: the long-polling queue is full (${this.options.capacity} waiting)`);
    }
    this.ensureSubscribed();
    const deadline = Date.now() + timeoutMs;
    let resolveWait: (() => void) | null = null;
    const w: Waiter = {
      topics: new Set(req.topics.map((t) => t.topicName)),
      access,
      // Registered before the first fetch, so a task created during it is not missed.
      fetching: true,
      signalled: false,
      carried: null,
      wake(event?: Created) {
        if (event) w.carried = event;
        w.signalled = true;
        resolveWait?.();
      },
    };
    this.waiters.add(w);
    onAbort(() => w.wake());
    try {
      for (;;) {
        if (aborted() || this.closed) return [];
        const carried = w.carried;
        w.carried = null;
        w.signalled = false;
        w.fetching = true;
        const tasks = await this.host.fetchAndLock(req, access).finally(() => { w.fetching = false; });
        if (aborted()) {
          for (const t of tasks) await this.host.unlockExternalTask(t.id, access).catch(() => undefined);
          if (carried) this.dispatch(carried);
          return [];
        }
        if (tasks.length) return tasks;
        // Not ours (other filters, or another worker was quicker): let the next waiter of the topic try.
        if (carried) this.dispatch(carried);
        if (w.signalled) continue;
        const left = deadline - Date.now();
        if (left <= 0 || this.closed) return [];
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, Math.min(left, this.options.requeryMs));
          // The timer must not keep a closing process alive.
          timer.unref?.();
          resolveWait = () => { clearTimeout(timer); resolve(); };
          if (w.signalled) resolveWait();
        });
        resolveWait = null;
        if (Date.now() >= deadline && !w.signalled) return [];
      }
    } finally {
      this.waiters.delete(w);
      // A wake-up this waiter never used goes to the next one.
      if (w.carried) this.dispatch(w.carried);
    }
  }
}
