import type { MonitorConfig } from '../config/schema.js';
import { receiverTokenRequests } from '../receiver/probe-receiver.js';
import { probeReceivers } from '../receiver/run-receivers.js';
import { startDeadline } from './deadline.js';
import { httpRequest } from './http-request.js';
import { maskResultText } from './mask-result.js';
import {
  type NotionRequest,
  type PreviousTokenReader,
  type ResolvedToken,
  type TokenResolver,
  tokenFailure,
} from './ports.js';
import { probeErrorResult } from './probe-error.js';
import { probeIntegration } from './probe-integration.js';
import { createRedactor } from './redact.js';
import { buildReport, type ProbeReport } from './report.js';
import { compareWithPreviousVersions, withSecretVersion } from './secret-history.js';
import { Semaphore } from './semaphore.js';
import type { RunContext } from './sender.js';

/** Concurrency caps. Notion's limit is per integration, so the per-integration cap is small. */
export interface ProbeLimits {
  /** Requests in flight across the run. @default 40 */
  readonly requests?: number;
  /** Requests in flight for one integration. @default 3 */
  readonly perIntegration?: number;
}

/** The defaults of {@link ProbeLimits}, exported for the benchmark's limit computation. */
export const DEFAULT_LIMITS: Required<ProbeLimits> = { requests: 40, perIntegration: 3 };

/** Everything the engine needs from the outside world. */
export interface ProbeDependencies {
  readonly resolveTokens: TokenResolver;
  /**
   * Sends one request to Notion. @default {@link httpRequest}: `node:http` with keep-alive
   * agents shared across runs (Node's own fetch turns a 407 into an opaque network error,
   * and a proxy asking for credentials is one of the faults this monitor exists to name).
   */
  readonly request?: NotionRequest;
  /** @default Date.now */
  readonly now?: () => number;
  /** Absolute time (ms, on `now`'s clock) when unfinished checks end as `timeout`. @default none */
  readonly deadlineAt?: number;
  readonly limits?: ProbeLimits;
  /** Reads a failing secret's previous version to compare with (issue 13). @default none: no comparison */
  readonly readPreviousToken?: PreviousTokenReader;
}

// The token source answered for every integration but this one: nothing says the token is wrong.
const UNRESOLVED: ResolvedToken = tokenFailure(
  'token_unresolved',
  'No token was resolved for this integration.',
);

/**
 * Probes every integration and webhook receiver in `config` and returns the report. Never throws for anything
 * an integration does; one integration's failure never stops the others, and a bug of the
 * engine on one integration is reported as its `probe_error`.
 */
export async function runProbe(config: MonitorConfig, deps: ProbeDependencies): Promise<ProbeReport> {
  const now = deps.now ?? Date.now;
  const startedAt = now();
  const limits = { ...DEFAULT_LIMITS, ...deps.limits };
  const deadline = startDeadline(deps.deadlineAt, startedAt);
  try {
    // Integrations' tokens and receivers' verification tokens in one resolution (one batch of secrets).
    const tokens = await deps.resolveTokens(
      [...config.integrations, ...receiverTokenRequests(config.receivers)],
      deadline.signal,
    );
    const secrets = [...tokens.values()].flatMap((t) => (t.ok ? [t.token] : []));
    // Everything taken from an answer is masked at its source with every secret of the run.
    const redactor = createRedactor(secrets);
    const run: RunContext = {
      request: deps.request ?? httpRequest,
      mask: redactor.text,
      baseUrl: config.notionBaseUrl,
      notionVersion: config.notionVersion,
      timeoutMs: config.timeoutMs,
      deadline: deadline.signal,
      now,
      runSlots: new Semaphore(limits.requests),
      perIntegration: limits.perIntegration,
    };
    const receivers = probeReceivers(config.receivers, tokens, run, redactor.longTokens);
    const results = await Promise.all(
      config.integrations.map(async (integration) => {
        const resolved = tokens.get(integration.name) ?? UNRESOLVED;
        const result = await probeIntegration(integration, resolved, run).catch((error: unknown) =>
          probeErrorResult(integration, resolved, error),
        );
        // Masked again with every token of the run: whatever a check quoted from outside
        // (another integration's token in a cached page included), no token leaves the engine.
        // The last pass over each result: long tokens only, whose 8-character pieces cannot be
        // the report's own words (a placeholder secret "auth" was masked where it came in).
        return withSecretVersion(maskResultText(result, redactor.longTokens), resolved);
      }),
    );
    // Issue 13: failing secrets compared with their previous version; nothing for a healthy run.
    const history = { integrations: config.integrations, tokens, secrets, run, read: deps.readPreviousToken };
    return buildReport({
      startedAt,
      finishedAt: now(),
      notionVersion: config.notionVersion,
      integrations: await compareWithPreviousVersions(results, history),
      receivers: await receivers,
    });
  } finally {
    deadline.clear();
  }
}
