import * as z from 'zod/mini';
import { useEnglishMessages } from '../config/english-messages.js';
import { formatPath, type IntegrationConfig, type ReceiverConfig } from '../config/schema.js';
import { quoteIfSafe } from '../shared/credential-like.js';
import { integrationsOf, receiversOf, type SecretChange, secretChangeOf } from './secret-event.js';

/** What one invocation asks for, after validation. */
export interface Invocation {
  /** Names to probe; `undefined` means all (and every receiver). */
  readonly integrations?: readonly string[];
  /**
   * The receivers to probe when `integrations` names some: those whose verification token is
   * in a changed secret; none for an event naming integrations.
   */
  readonly receivers?: readonly string[];
  readonly publishMetrics: boolean;
  /** A Secrets Manager change event: `integrations` and `receivers` are those reading the secret (maybe none). */
  readonly secretChange?: SecretChange;
}

// Loose on purpose: EventBridge Scheduler sends whatever payload it was given and the
// console's default test event has unrelated keys; only our own keys are checked.
const eventSchema = z.looseObject({
  integrations: z.optional(
    // An empty list would probe nothing yet publish Heartbeat=1, keeping the "not running" alarm quiet.
    z
      .array(z.string().check(z.minLength(1)), { error: 'integrations must be a list of integration names' })
      .check(z.minLength(1, 'integrations must name at least one integration (leave it out to probe all)')),
  ),
  publishMetrics: z.optional(z.boolean({ error: 'publishMetrics must be true or false' })),
});

/** The event could not be understood; the message says what to send. */
export class InvocationError extends Error {
  override readonly name = 'InvocationError';
}

/**
 * Reads an invocation event: `{ "integrations"?: [names], "publishMetrics"?: boolean }`,
 * a Secrets Manager change event (the integrations and receivers reading that secret, publish), anything
 * else (a scheduler payload, `null`) means "everything, publish". Throws
 * {@link InvocationError} for a malformed event or an unknown name.
 */
export function parseInvocation(
  event: unknown,
  configured: readonly IntegrationConfig[],
  receivers: readonly ReceiverConfig[] = [],
): Invocation {
  if (event === null || event === undefined || typeof event !== 'object' || Array.isArray(event)) {
    return { publishMetrics: true };
  }
  const change = secretChangeOf(event);
  if (change !== undefined) {
    return {
      publishMetrics: true,
      integrations: integrationsOf(change, configured),
      receivers: receiversOf(change, receivers),
      secretChange: change,
    };
  }
  useEnglishMessages();
  const parsed = eventSchema.safeParse(event);
  if (!parsed.success) {
    throw new InvocationError(
      `Invalid event: ${parsed.error.issues.map((i) => `${formatPath(i.path)}: ${i.message}`).join('; ')}. Send {"integrations"?: ["name"], "publishMetrics"?: false}.`,
    );
  }
  const names = parsed.data.integrations;
  if (names !== undefined) {
    const known = new Set(configured.map((i) => i.name));
    // A token pasted into the list must not come back: an unknown name is quoted only when
    // it cannot be a credential, else named by its position.
    const unknown = names.flatMap((n, at) =>
      known.has(n) ? [] : [quoteIfSafe(n) ?? `integrations[${at}] (not shown: it may hold a credential)`],
    );
    if (unknown.length > 0) {
      throw new InvocationError(
        `Unknown integration${unknown.length > 1 ? 's' : ''} ${unknown.join(', ')}; configured: ${[...known].join(', ')}.`,
      );
    }
  }
  return {
    publishMetrics: parsed.data.publishMetrics ?? true,
    ...(names !== undefined ? { integrations: names } : {}),
  };
}
