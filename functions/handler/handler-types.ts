import type { PublishResult } from '../aws/publish-metrics.js';
import type { ProbeReport } from '../engine/report.js';

/** The part of the Lambda context the handler uses. */
export interface InvocationContext {
  getRemainingTimeInMillis(): number;
  readonly awsRequestId?: string;
}

/** What every invocation returns: the probe report, plus what happened to its metrics. */
export interface HandlerResult extends ProbeReport {
  readonly metrics: PublishResult | { readonly ok: true; readonly skipped: true };
}

/** A structured log entry; the default writes one JSON line to stdout. */
export type Logger = (entry: Readonly<Record<string, unknown>>) => void;
