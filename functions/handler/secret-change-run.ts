/**
 * What an invocation for a secret change probes (issue 13): only the integrations that read
 * the secret, and not even those when the event is stale or already handled. EventBridge has
 * no debounce, so a burst of writes to one secret sends a burst of events; each costs one
 * BatchGetSecretValue here, and Notion is asked only for the version that is current:
 *
 * - an event naming a version that is no longer current (a later write superseded it; that
 *   write's own event follows) probes nothing;
 * - a version this container already probed for a change event (the CloudTrail event and
 *   Secrets Manager's own `Secret Label Updated` both report one write) probes nothing for
 *   {@link REPROBE_AFTER_MS}. Another container does not know: at most one probe per container.
 */
import type { MonitorConfig } from '../config/schema.js';
import type { ResolvedToken, TokenResolver } from '../engine/ports.js';
import { buildReport } from '../engine/report.js';
import type { HandlerResult, Logger } from './handler-types.js';
import type { SecretChange } from './secret-event.js';

/** A version probed for a change event is not probed again for another event within this time. */
export const REPROBE_AFTER_MS = 10 * 60_000;

/** Per container: when each `secretId@versionId` was last probed for a change event. */
export type ProbedVersions = Map<string, number>;

export interface ChangePlan {
  /** The integrations to probe, with their tokens already read. */
  readonly config: MonitorConfig;
  readonly tokens: ReadonlyMap<string, ResolvedToken>;
  /** Integrations left out, and why. */
  readonly skipped: readonly {
    readonly integration: string;
    readonly why: 'superseded' | 'already_probed';
  }[];
}

/** Reads the tokens of the integrations of a changed secret and keeps those worth a probe. */
export async function planSecretChange(args: {
  readonly change: SecretChange;
  readonly config: MonitorConfig;
  readonly resolve: TokenResolver;
  readonly signal: AbortSignal;
  readonly probed: ProbedVersions;
  readonly now: number;
}): Promise<ChangePlan> {
  const { change, config, probed, now } = args;
  const tokens = await args.resolve(config.integrations, args.signal);
  const skipped: { integration: string; why: 'superseded' | 'already_probed' }[] = [];
  const kept = config.integrations.filter((integration) => {
    const resolved = tokens.get(integration.name);
    const origin = resolved?.ok ? resolved.secret : undefined;
    if (origin?.versionId === undefined) return true;
    if (change.versionId !== undefined && change.versionId !== origin.versionId) {
      skipped.push({ integration: integration.name, why: 'superseded' });
      return false;
    }
    const key = `${origin.secretId}@${origin.versionId}`;
    const last = probed.get(key);
    if (last !== undefined && now - last < REPROBE_AFTER_MS) {
      skipped.push({ integration: integration.name, why: 'already_probed' });
      return false;
    }
    probed.set(key, now);
    return true;
  });
  return { config: { ...config, integrations: kept }, tokens, skipped };
}

/** Says, in one log line, what a change event left out (and why), or that it matched no integration. */
export function logChangePlan(
  change: SecretChange,
  plan: ChangePlan,
  log: Logger,
  requestId: string | undefined,
): void {
  const probing = plan.config.integrations.map((i) => i.name);
  if (plan.skipped.length === 0 && probing.length > 0) return;
  log({
    ...(requestId ? { requestId } : {}),
    level: 'INFO',
    message:
      probing.length === 0 ? 'secret change: nothing to probe' : 'secret change: some integrations skipped',
    eventName: change.eventName,
    probing,
    skipped: plan.skipped,
  });
}

/** The result of a change event that probes nothing: no request, no metric (no heartbeat either). */
export function nothingProbed(config: MonitorConfig, at: number): HandlerResult {
  const report = buildReport({
    startedAt: at,
    finishedAt: at,
    notionVersion: config.notionVersion,
    integrations: [],
  });
  return { ...report, metrics: { ok: true, skipped: true } };
}
