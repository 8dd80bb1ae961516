import { EventEmitter } from "node:events";

/**
 * In-process wake-ups for long-polls on an attempt, keyed by the attempt's nonce; the database stays
 * the authority. Nonces come from the widget (any URL-safe text), so they never name an event of the
 * emitter directly: a nonce "error" would otherwise be EventEmitter's `error` event, which throws when
 * nobody listens.
 */
export class AttemptSignals {
  private readonly emitter = new EventEmitter();

  constructor() {
    // One listener per waiting long-poll: no leak, just many widgets.
    this.emitter.setMaxListeners(0);
  }

  notify(nonce: string): void {
    this.emitter.emit(eventName(nonce));
  }

  /** Returns the unsubscribe function. */
  subscribe(nonce: string, listener: () => void): () => void {
    const name = eventName(nonce);
    this.emitter.on(name, listener);
    return () => this.emitter.off(name, listener);
  }
}

const eventName = (nonce: string) => `attempt:${nonce}`;
