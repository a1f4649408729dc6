import type { IntegrationConfig } from '../config/schema.js';
import { PROBE_ERROR } from '../shared/categories.js';
import { failureOf, type ReasonIn } from '../shared/reasons.js';
import { NO_BOT } from './bot.js';
import type { ResolvedToken } from './ports.js';
import { fingerprintOf } from './probe-integration.js';
import type { IntegrationResult, ProbeReport } from './report.js';

/** What to do about a {@link PROBE_ERROR}: it is the monitor's bug, not the integration's. */
export const PROBE_ERROR_REMEDY =
  'The monitor itself failed on this integration (a bug in the probe engine): nothing is known about the token, the integration or Notion, so there is nothing to rotate or share. The run fails so the function-failed alarm sees it; the message names the error. Run the CLI with the same config to reproduce it, and report it with that message.';

/** The one reason of a {@link PROBE_ERROR}: it says the monitor failed, nothing about the integration. */
export const PROBE_ERROR_REASON = 'probe_internal_error' satisfies ReasonIn<typeof PROBE_ERROR>;

/**
 * The result of an integration the engine threw on: a single `probe` check in
 * {@link PROBE_ERROR}, so a bug in the monitor is never reported as a fault of the
 * integration (the token, Notion, a proxy) and the other integrations still finish.
 */
export function probeErrorResult(
  integration: IntegrationConfig,
  resolved: ResolvedToken,
  error: unknown,
): IntegrationResult {
  const why = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return {
    name: integration.name,
    ...NO_BOT,
    tokenFingerprint: fingerprintOf(resolved),
    ...failureOf(PROBE_ERROR_REASON),
    checks: [
      {
        check: 'probe',
        ...failureOf(PROBE_ERROR_REASON),
        origin: 'client',
        message: `The monitor failed internally while probing this integration: ${why}`,
        remedy: PROBE_ERROR_REMEDY,
      },
    ],
  };
}

/** The monitor failed on some integrations or receivers of a run; thrown by the handler once the report is logged and published. */
export class ProbeInternalError extends Error {
  override readonly name = 'ProbeInternalError';
}

/**
 * Throws a {@link ProbeInternalError} naming the integrations and receivers the engine failed
 * on, if any, so the invocation fails and the function's Errors alarm pages for a bug in the
 * monitor. Its cause lists each with its (already redacted) message.
 */
export function throwOnProbeErrors(report: ProbeReport): void {
  const integrations = report.integrations.filter((i) => i.category === PROBE_ERROR);
  const receivers = report.receivers.filter((r) => r.category === PROBE_ERROR);
  if (integrations.length === 0 && receivers.length === 0) return;
  const named = (count: number, what: string, names: readonly string[]) =>
    count === 0 ? [] : [`${count} ${what}(s): ${names.join(', ')}`];
  const parts = [
    ...named(
      integrations.length,
      'integration',
      integrations.map((i) => i.name),
    ),
    ...named(
      receivers.length,
      'receiver',
      receivers.map((r) => r.name),
    ),
  ];
  throw new ProbeInternalError(`The monitor failed internally on ${parts.join('; ')}.`, {
    cause: [
      ...integrations.map((i) => ({ integration: i.name, message: i.checks[0]?.message })),
      ...receivers.map((r) => ({ receiver: r.name, message: r.note })),
    ],
  });
}
