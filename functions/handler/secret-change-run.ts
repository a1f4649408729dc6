/**
 * What an invocation for a secret change probes (issue 13): only the integrations that read
 * the secret and the webhook receivers whose verification token it holds (issue 14), and not
 * even those when the event is stale or a second report of what was just
 * probed. EventBridge has no debounce, so a burst of writes to one secret sends a burst of
 * events; each costs one BatchGetSecretValue here, and Notion is asked only for the version
 * that is current:
 *
 * - an event naming a version that is no longer current (a later write superseded it; that
 *   write's own event follows) probes nothing;
 * - an event naming the version an integration was last probed for by a change event, less
 *   than {@link DUPLICATE_WINDOW_MS} earlier, probes nothing for it: one write is reported
 *   twice (CloudTrail's call and Secrets Manager's own `Secret Label Updated`), and
 *   EventBridge may deliver an event twice. Per integration (and receiver), so two of them
 *   reading one secret are both probed. Never skipped: an event that names no version, a version other
 *   than the last probed one (a rollback to an older version after a write was probed), and an
 *   `UpdateSecretVersionStage` unless the last probe came from one too (its redelivery).
 *   Another container does not know: at most one probe per container.
 */
import type { MonitorConfig } from '../config/schema.js';
import type { ResolvedToken, TokenResolver } from '../engine/ports.js';
import { buildReport } from '../engine/report.js';
import { receiverTokenKey, receiverTokenRequests } from '../receiver/probe-receiver.js';
import type { SecretChangeEventName } from '../shared/secret-events.js';
import type { HandlerResult, Logger } from './handler-types.js';
import type { SecretChange } from './secret-event.js';

/**
 * How long a second report of a probed version is not probed again: the two reports of one
 * write usually arrive seconds apart; one arriving later only costs one more probe.
 */
export const DUPLICATE_WINDOW_MS = 2 * 60_000;

/** The version an integration was last probed for by a change event, by which event, and when. */
export interface ChangeProbe {
  readonly versionId: string;
  readonly eventName: SecretChangeEventName;
  readonly at: number;
}

/** Per container: each integration's (and receiver's token key's) last {@link ChangeProbe}. */
export type LastChangeProbes = Map<string, ChangeProbe>;

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

/** Whether an event is a second report of the change last probed for an integration (see the file's comment). */
function reportsLastProbe(
  change: SecretChange,
  last: ChangeProbe | undefined,
  versionId: string,
  now: number,
): boolean {
  if (change.versionId === undefined || last === undefined) return false;
  if (last.versionId !== versionId || now - last.at >= DUPLICATE_WINDOW_MS) return false;
  return change.eventName !== 'UpdateSecretVersionStage' || last.eventName === change.eventName;
}

/**
 * Reads the tokens of the integrations (and the verification tokens of the webhook receivers)
 * of a changed secret and keeps those worth a probe.
 */
export async function planSecretChange(args: {
  readonly change: SecretChange;
  readonly config: MonitorConfig;
  readonly resolve: TokenResolver;
  readonly signal: AbortSignal;
  readonly probed: LastChangeProbes;
  readonly now: number;
}): Promise<ChangePlan> {
  const { change, config, probed, now } = args;
  const tokens = await args.resolve(
    [...config.integrations, ...receiverTokenRequests(config.receivers)],
    args.signal,
  );
  // Keyed per integration and per receiver token: each has its own last probe.
  const verdict = (key: string): Why | undefined => {
    const resolved = tokens.get(key);
    const versionId = resolved?.ok ? resolved.secret?.versionId : undefined;
    if (versionId === undefined) return undefined;
    if (change.versionId !== undefined && change.versionId !== versionId) return 'superseded';
    if (reportsLastProbe(change, probed.get(key), versionId, now)) return 'already_probed';
    probed.set(key, { versionId, eventName: change.eventName, at: now });
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
