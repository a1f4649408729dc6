import type { ReceiverConfig } from '../config/schema.js';
import { type ResolvedToken, tokenFailure } from '../engine/ports.js';
import type { Mask } from '../engine/text-limits.js';
import { failureOf } from '../shared/reasons.js';
import { probeReceiver, type ReceiverRun, receiverTokenKey } from './probe-receiver.js';
import type { ReceiverResult } from './receiver-result.js';

const UNRESOLVED: ResolvedToken = tokenFailure(
  'token_unresolved',
  'No verification token was resolved for this receiver.',
);

/**
 * Probes every receiver of a run, each on its own: a bug of the probe on one receiver is
 * its `probe_error`, never another's failure. Every result is masked again with the run's
 * long tokens, like an integration's.
 */
export function probeReceivers(
  receivers: readonly ReceiverConfig[],
  tokens: ReadonlyMap<string, ResolvedToken>,
  run: ReceiverRun,
  longTokens: Mask,
): Promise<ReceiverResult[]> {
  return Promise.all(
    receivers.map(async (receiver) => {
      const resolved = tokens.get(receiverTokenKey(receiver.name)) ?? UNRESOLVED;
      const result = await probeReceiver(receiver, resolved, run).catch(
        (error: unknown): ReceiverResult => ({
          name: receiver.name,
          ...failureOf('probe_internal_error'),
          note: `The monitor itself failed on this receiver (a bug in the probe): ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`,
          checks: [],
        }),
      );
      return maskReceiverText(result, longTokens);
    }),
  );
}

/** Masks the fields that can hold text from outside (messages, the note), and nothing else. */
export function maskReceiverText(result: ReceiverResult, mask: Mask): ReceiverResult {
  return {
    ...result,
    ...(result.note !== undefined ? { note: mask(result.note) } : {}),
    checks: result.checks.map((c) => ({ ...c, message: mask(c.message) })),
  };
}
