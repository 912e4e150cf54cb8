// Long polling of fetchAndLock on this node: waiters woken by the host's onExternalTaskCreated, a periodic re-query
// for tasks created on other nodes, a capacity limit (500 as Camunda's full queue), release on client disconnect.
import type { Access, FetchAndLockRequest, Host, LockedExternalTask } from '../engine/api.js';
import { ProcessEngineError } from '../errors.js';

interface Waiter {
  topics: Set<string>;
  access: Access;
  wake: () => void;
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
    this.unsubscribe = this.host.onExternalTaskCreated((event) => {
      for (const w of this.waiters) {
        if (!w.topics.has(event.topicName)) continue;
        if (event.tenantId !== null && w.access.tenantIds !== null && !w.access.tenantIds.includes(event.tenantId)) continue;
        w.wake();
      }
    });
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
   * or `aborted()` turns true (client gone). Tasks locked for a client that left meanwhile are unlocked again.
   */
  async fetch(req: FetchAndLockRequest, access: Access, timeoutMs: number, aborted: () => boolean, onAbort: (cb: () => void) => void): Promise<LockedExternalTask[]> {
    const first = await this.host.fetchAndLock(req, access);
    if (first.length || timeoutMs <= 0) return first;
    if (this.waiters.size >= this.options.capacity) {
      throw new ProcessEngineError(`Cannot wait for external tasks: the long-polling queue is full (${this.options.capacity} waiting)`);
    }
    this.ensureSubscribed();
    const deadline = Date.now() + timeoutMs;
    let signalled = false;
    let resolveWait: (() => void) | null = null;
    const waiter: Waiter = {
      topics: new Set(req.topics.map((t) => t.topicName)),
      access,
      wake: () => { signalled = true; resolveWait?.(); },
    };
    this.waiters.add(waiter);
    onAbort(() => waiter.wake());
    try {
      for (;;) {
        const left = deadline - Date.now();
        if (left <= 0 || aborted() || this.closed) return [];
        if (!signalled) {
          await new Promise<void>((resolve) => {
            resolveWait = resolve;
            const timer = setTimeout(resolve, Math.min(left, this.options.requeryMs));
            // The timer must not keep a closing process alive.
            timer.unref?.();
            const done = resolve;
            resolveWait = () => { clearTimeout(timer); done(); };
          });
        }
        signalled = false;
        resolveWait = null;
        if (aborted() || this.closed) return [];
        const tasks = await this.host.fetchAndLock(req, access);
        if (aborted()) {
          for (const t of tasks) await this.host.unlockExternalTask(t.id, access).catch(() => undefined);
          return [];
        }
        if (tasks.length) return tasks;
      }
    } finally {
      this.waiters.delete(waiter);
    }
  }
}
