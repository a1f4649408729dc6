/**
 * What an invocation for a secret change probes (issue 13): only the integrations that read
 * the secret, and the webhook receivers whose verification token it holds (issue 14), and not
 * even those when the event is stale or already handled. EventBridge has
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
import { receiverTokenKey, receiverTokenRequests } from '../receiver/probe-receiver.js';
import type { HandlerResult, Logger } from './handler-types.js';
import type { SecretChange } from './secret-event.js';

/** A version probed for a change event is not probed again for another event within this time. */
export const REPROBE_AFTER_MS = 10 * 60_000;

/** Per container: when each `secretId@versionId` was last probed for a change event. */
export type ProbedVersions = Map<string, number>;

export interface ChangePlan {
  /** The integrations and receivers to probe, with their tokens already read. */
  readonly config: MonitorConfig;
  readonly tokens: ReadonlyMap<string, ResolvedToken>;
  /** Integrations and receivers left out, and why. */
  readonly skipped: readonly Skipped[];
}

type Why = 'superseded' | 'already_probed';
type Skipped =
  | { readonly integration: string; readonly why: Why }
  | { readonly receiver: string; readonly why: Why };

/**
 * Reads the tokens of the integrations (and the verification tokens of the webhook receivers)
 * of a changed secret and keeps those worth a probe.
 */
export async function planSecretChange(args: {
  readonly change: SecretChange;
  readonly config: MonitorConfig;
  readonly resolve: TokenResolver;
  readonly signal: AbortSignal;
  readonly probed: ProbedVersions;
  readonly now: number;
}): Promise<ChangePlan> {
  const { change, config, probed, now } = args;
  const tokens = await args.resolve(
    [...config.integrations, ...receiverTokenRequests(config.receivers)],
    args.signal,
  );
  // Decided for all before any is recorded: an integration and a receiver sharing the secret are both probed.
  const seen: string[] = [];
  const verdict = (key: string): Why | undefined => {
    const resolved = tokens.get(key);
    const origin = resolved?.ok ? resolved.secret : undefined;
    if (origin?.versionId === undefined) return undefined;
    if (change.versionId !== undefined && change.versionId !== origin.versionId) return 'superseded';
    const version = `${origin.secretId}@${origin.versionId}`;
    const last = probed.get(version);
    if (last !== undefined && now - last < REPROBE_AFTER_MS) return 'already_probed';
    seen.push(version);
    return undefined;
  };
  const skipped: Skipped[] = [];
  const integrations = config.integrations.filter((i) => {
    const why = verdict(i.name);
    if (why !== undefined) skipped.push({ integration: i.name, why });
    return why === undefined;
  });
  const receivers = config.receivers.filter((r) => {
    const why = verdict(receiverTokenKey(r.name));
    if (why !== undefined) skipped.push({ receiver: r.name, why });
    return why === undefined;
  });
  for (const version of seen) probed.set(version, now);
  return { config: { ...config, integrations, receivers }, tokens, skipped };
}

/** Says, in one log line, what a change event left out (and why), or that it matched no integration or receiver. */
export function logChangePlan(
  change: SecretChange,
  plan: ChangePlan,
  log: Logger,
  requestId: string | undefined,
): void {
  const probing = [
    ...plan.config.integrations.map((i) => i.name),
    ...plan.config.receivers.map((r) => receiverTokenKey(r.name)),
  ];
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
