import { describe, expect, it } from 'vitest';
import { DeadlineError, startDeadline } from '../../functions/engine/deadline.js';

describe('startDeadline', () => {
  it('aborts with a DeadlineError of its own name, not a TimeoutError', async () => {
    const deadline = startDeadline(Date.now() + 5, Date.now());
    await new Promise((resolve) => deadline.signal.addEventListener('abort', resolve, { once: true }));
    expect(deadline.signal.reason).toBeInstanceOf(DeadlineError);
    expect(deadline.signal.reason).toMatchObject({
      name: 'DeadlineError',
      message: 'The run deadline passed.',
    });
  });

  it('never fires without a deadline, and clear stops a pending one', async () => {
    const none = startDeadline(undefined, 0);
    const cleared = startDeadline(Date.now() + 5, Date.now());
    cleared.clear();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(none.signal.aborted).toBe(false);
    expect(cleared.signal.aborted).toBe(false);
  });
});
