import { describe, expect, it } from 'vitest';
import { GOALS, runBench, SMALL } from '../../bench/bench.js';

/**
 * The CI version of `npm run bench`: seconds, and it fails only on what a shared machine
 * cannot blur: request counts, AWS call counts and the bundle size. Never on time.
 */
describe('benchmark regressions (counts and sizes only)', () => {
  it('sends exactly the minimum requests, the minimum AWS calls, and keeps the bundle small', async () => {
    const r = await runBench(SMALL);
    expect(r.requests.sent).toBe(r.requests.minimum);
    expect(r.requests.perIntegrationLive).toBe(1 + SMALL.targets);
    expect(r.requests.perIntegrationDead).toBe(1);
    expect(r.aws.secretsCalls).toBe(r.aws.secretsCallsExpected);
    expect(r.aws.secretsCalls).toBe(Math.ceil(SMALL.awsSecrets / 20));
    expect(r.aws.putMetricDataCalls).toBe(r.aws.putMetricDataCallsExpected);
    expect(r.coldStart.bundleBytes).toBeLessThan(GOALS.bundleKb * 1024);
    // Hostile answers (an 8,000,000-character workspace name, 1 MB messages, 8 MiB pages)
    // end in a full report with published metrics in a process with the 256 MB flags
    // (peak RSS is measured by `npm run bench`, not asserted here).
    expect(r.hostile.map((h) => [h.integrations, h.published])).toEqual([
      [3, true],
      [1, true],
      [40, true],
    ]);
  });
});
