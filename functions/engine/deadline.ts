import { setMaxListeners } from 'node:events';

/** The reason the run's deadline signal aborts with: the run ran out of time, no request did. */
export class DeadlineError extends Error {
  override readonly name = 'DeadlineError';
  constructor() {
    super('The run deadline passed.');
  }
}

/** The run's deadline: a signal that aborts with a {@link DeadlineError}, and how to stop its timer. */
export interface Deadline {
  readonly signal: AbortSignal;
  readonly clear: () => void;
}

/** Starts the deadline `deadlineAt - startedAt` ms from now; without `deadlineAt` it never fires. */
export function startDeadline(deadlineAt: number | undefined, startedAt: number): Deadline {
  const controller = new AbortController();
  // Every request in flight listens for the deadline: more than Node's default of 10 is expected.
  setMaxListeners(0, controller.signal);
  if (deadlineAt === undefined) return { signal: controller.signal, clear: () => {} };
  const timer = setTimeout(() => controller.abort(new DeadlineError()), Math.max(0, deadlineAt - startedAt));
  return { signal: controller.signal, clear: () => clearTimeout(timer) };
}
