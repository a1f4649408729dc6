import type { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { buildMetricData } from '../aws/metric-data.js';
import { createPreviousTokenReader } from '../aws/previous-version.js';
import { publishMetrics } from '../aws/publish-metrics.js';
import { createSecretsResolver } from '../aws/secret-tokens.js';
import type { MonitorConfig } from '../config/schema.js';
import type { NotionRequest, TokenResolver } from '../engine/ports.js';
import { type ProbeLimits, runProbe } from '../engine/probe.js';
import { throwOnProbeErrors } from '../engine/probe-error.js';
import type { ProbeReport } from '../engine/report.js';
import { DEFAULT_NAMESPACE } from '../shared/metrics.js';
import { createTokenResolver } from '../tokens/env-tokens.js';
import { fitResult, MAX_RESULT_BYTES } from './fit-result.js';
import type { HandlerResult, InvocationContext, Logger } from './handler-types.js';
import { type Invocation, parseInvocation } from './invocation.js';
import { loadConfig, NAMESPACE_ENV } from './load-config.js';
import { logReport } from './log-report.js';
import {
  type ChangePlan,
  type LastChangeProbes,
  logChangePlan,
  nothingProbed,
  planSecretChange,
} from './secret-change-run.js';

export type { HandlerResult, InvocationContext, Logger } from './handler-types.js';

/** Publishing failed after the SDK's retries; thrown after the report is logged so the Lambda Errors metric sees it. */
export class MetricsPublishError extends Error {
  override readonly name = 'MetricsPublishError';
}

/** The handler's outside world. Production defaults live in `index.ts`. */
export interface HandlerDependencies {
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly secretsManager: () => SecretsManagerClient;
  readonly cloudWatch: () => CloudWatchClient;
  readonly request?: NotionRequest;
  readonly now?: () => number;
  readonly log?: Logger;
  readonly limits?: ProbeLimits;
  /**
   * Time kept back from the Lambda's remaining time for publishing metrics and
   * returning. @default 5000
   */
  readonly safetyMarginMs?: number;
  /**
   * The most the returned result may be, as JSON in UTF-8 bytes; a larger one is shortened
   * (the log lines keep every detail). @default MAX_RESULT_BYTES (5,000,000)
   */
  readonly maxResultBytes?: number;
}

const DEFAULT_SAFETY_MARGIN_MS = 5_000;

/** Writes one JSON object per line: each line is one CloudWatch Logs event with queryable fields. */
export const stdoutLogger: Logger = (entry) => {
  process.stdout.write(`${JSON.stringify({ timestamp: new Date().toISOString(), ...entry })}\n`);
};

/**
 * The config narrowed to the named integrations and receivers (a console test naming
 * integrations asks about them only; a secret change names the receivers of that secret
 * too); all of it when no integration is named.
 */
function selectIntegrations(config: MonitorConfig, invocation: Invocation): MonitorConfig {
  const names = invocation.integrations;
  if (names === undefined) return config;
  const receivers = invocation.receivers ?? [];
  return {
    ...config,
    integrations: config.integrations.filter((i) => names.includes(i.name)),
    receivers: config.receivers.filter((r) => receivers.includes(r.name)),
  };
}

/** For a secret change (issue 13): the integrations and receivers of that secret worth a probe, their tokens read. */
async function changePlanOf(
  invocation: Invocation,
  selected: MonitorConfig,
  resolve: TokenResolver,
  options: {
    readonly signal: AbortSignal;
    readonly probed: LastChangeProbes;
    readonly now: number;
    readonly log: Logger;
  },
): Promise<ChangePlan | undefined> {
  const change = invocation.secretChange;
  if (change === undefined) return undefined;
  const plan = await planSecretChange({ change, config: selected, resolve, ...options });
  logChangePlan(change, plan, options.log, undefined);
  return plan;
}

/**
 * Publishes a run's metrics, every datum stamped with the run's start, not its end: the
 * category alarms' period is the schedule's interval, so runs stamped at their variable end
 * could put two points in one period and none in the next (ALARM, OK, ALARM for one steady
 * failure). The scheduled time would be steadier still, but the schedule's input does not
 * carry it (infra/probe-schedule.ts sends a fixed payload).
 */
function publishRun(
  client: CloudWatchClient,
  namespace: string,
  report: ProbeReport,
  startedAt: number,
  options: { readonly budgetMs: number },
): Promise<HandlerResult['metrics']> {
  const data = buildMetricData(report, new Date(startedAt));
  return publishMetrics(client, namespace, data, AbortSignal.timeout(options.budgetMs));
}

/**
 * Builds the Lambda handler. Config is read and validated once per container (it comes
 * from the environment, which cannot change), but an invalid config fails every
 * invocation with the schema's message. Secrets are read fresh on every invocation.
 */
export function createHandler(deps: HandlerDependencies) {
  const log = deps.log ?? stdoutLogger;
  const now = deps.now ?? Date.now;
  const margin = deps.safetyMarginMs ?? DEFAULT_SAFETY_MARGIN_MS;
  let config: MonitorConfig | undefined;
  const namespace = deps.env[NAMESPACE_ENV] || DEFAULT_NAMESPACE;
  const probed: LastChangeProbes = new Map();

  return async function handler(event: unknown, context: InvocationContext): Promise<HandlerResult> {
    config ??= loadConfig(deps.env);
    const invocation = parseInvocation(event, config.integrations, config.receivers);
    const selected = selectIntegrations(config, invocation);

    const started = now();
    const remaining = context.getRemainingTimeInMillis();
    const deadlineAt = started + Math.max(1_000, remaining - margin);
    const resolveTokens = createTokenResolver({
      env: deps.env,
      secrets: createSecretsResolver({ client: deps.secretsManager, now }),
    });
    const plan = await changePlanOf(invocation, selected, resolveTokens, {
      signal: AbortSignal.timeout(deadlineAt - started),
      probed,
      now: started,
      log: (entry) => log({ ...(context.awsRequestId ? { requestId: context.awsRequestId } : {}), ...entry }),
    });
    if (plan && plan.config.integrations.length === 0 && plan.config.receivers.length === 0)
      return nothingProbed(selected, started);
    const report = await runProbe(plan?.config ?? selected, {
      resolveTokens: plan ? async () => plan.tokens : resolveTokens,
      now,
      deadlineAt,
      readPreviousToken: createPreviousTokenReader({ client: deps.secretsManager, now }),
      ...(deps.request ? { request: deps.request } : {}),
      ...(deps.limits ? { limits: deps.limits } : {}),
    });

    // Publishing gets what is left of the Lambda's time, less a second to return.
    const metrics = invocation.publishMetrics
      ? await publishRun(deps.cloudWatch(), namespace, report, started, {
          budgetMs: Math.max(500, started + remaining - now() - 1_000),
        })
      : ({ ok: true, skipped: true } as const);
    const result: HandlerResult = { ...report, metrics };
    const returned = fitResult(result, deps.maxResultBytes ?? MAX_RESULT_BYTES, context.awsRequestId);
    logReport(result, log, context.awsRequestId, returned.shortened);
    if (!metrics.ok && 'error' in metrics) {
      throw new MetricsPublishError(`Publishing metrics to ${namespace} failed: ${metrics.error}`, {
        cause: metrics,
      });
    }
    throwOnProbeErrors(report);
    return returned;
  };
}
