/**
 * A FIFO counting semaphore: bounds how many requests are in flight, globally and per
 * integration, so a run is polite to Notion's per-integration rate limit and to the
 * Lambda's sockets. FIFO keeps every integration's chain moving in arrival order.
 */
export class Semaphore {
  readonly #waiting: Array<() => void> = [];
  #free: number;

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1)
      throw new RangeError('capacity must be a positive integer');
    this.#free = capacity;
  }

  /** Runs `task` when a slot is free, and frees the slot when it settles. */
  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.#free > 0) this.#free -= 1;
    else await new Promise<void>((resolve) => this.#waiting.push(resolve));
    try {
      return await task();
    } finally {
      const next = this.#waiting.shift();
      if (next) next();
      else this.#free += 1;
    }
  }
}
