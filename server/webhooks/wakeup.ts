/**
 * Wakes the delivery worker of this process as soon as something was emitted, so a delivery does not wait
 * for the next poll of the table (the poll is for other processes' events). A notification that arrives
 * while the worker is busy is kept and ends its next wait at once.
 */
export class Wakeup {
  private readonly waiters = new Set<() => void>();
  private pending = false;
  private lateTimer: ReturnType<typeof setTimeout> | undefined;

  notify(): void {
    this.pending = true;
    for (const wake of this.waiters) wake();
    this.waiters.clear();
  }

  /**
   * `emit` runs inside the producer's transaction, which commits after it returns; on PostgreSQL the
   * worker claims on another connection and sees the rows only then. So: now, and once more shortly after.
   */
  notifySoon(): void {
    this.notify();
    if (this.lateTimer) return;
    this.lateTimer = setTimeout(() => {
      this.lateTimer = undefined;
      this.notify();
    }, 25);
    this.lateTimer.unref?.();
  }

  /** Resolves on the next notification (or a pending one), or after `ms`. */
  wait(ms: number): Promise<void> {
    if (this.pending) {
      this.pending = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.waiters.delete(done);
        this.pending = false;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.waiters.add(done);
    });
  }
}
