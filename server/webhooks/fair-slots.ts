/**
 * Request slots shared fairly between keys (webhook endpoints): at most `total` tasks at once, at most
 * `perKey` of one key, and a freed slot goes to the keys that wait in turn (round-robin), not to whoever
 * queued first. So an endpoint with a backlog of hundreds of requests to a receiver that hangs holds
 * `perKey` slots, never all of them, and a healthy endpoint's request starts at once.
 */
export class FairSlots {
  private active = 0;
  private readonly activeByKey = new Map<string, number>();
  /** Waiting tasks by key; the Map's order is the turn order (a served key goes to the back). */
  private readonly waiting = new Map<string, Array<() => void>>();

  constructor(
    private readonly total: number,
    private readonly perKey: number,
  ) {}

  async run<T>(key: string, task: () => Promise<T>): Promise<T> {
    if (this.active < this.total && this.activeOf(key) < this.perKey) this.take(key);
    else await new Promise<void>((resolve) => this.enqueue(key, resolve)); // the slot is handed over, already taken
    try {
      return await task();
    } finally {
      this.active -= 1;
      const left = this.activeOf(key) - 1;
      if (left > 0) this.activeByKey.set(key, left);
      else this.activeByKey.delete(key);
      this.handOver();
    }
  }

  private activeOf(key: string): number {
    return this.activeByKey.get(key) ?? 0;
  }

  private take(key: string): void {
    this.active += 1;
    this.activeByKey.set(key, this.activeOf(key) + 1);
  }

  private enqueue(key: string, start: () => void): void {
    const queue = this.waiting.get(key);
    if (queue) queue.push(start);
    else this.waiting.set(key, [start]);
  }

  /** Starts waiting tasks while slots are free: the first key in turn that is under its own limit. */
  private handOver(): void {
    while (this.active < this.total) {
      const key = this.nextKeyInTurn();
      if (key === undefined) return;
      const queue = this.waiting.get(key)!;
      const start = queue.shift()!;
      this.waiting.delete(key);
      if (queue.length > 0) this.waiting.set(key, queue); // to the back of the turn order
      this.take(key);
      start();
    }
  }

  private nextKeyInTurn(): string | undefined {
    for (const key of this.waiting.keys()) if (this.activeOf(key) < this.perKey) return key;
    return undefined;
  }
}
