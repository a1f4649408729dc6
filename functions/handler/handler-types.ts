import type { PublishResult } from '../aws/publish-metrics.js';
import type { ProbeReport } from '../engine/report.js';
import type { Category } from '../shared/categories.js';

/** The part of the Lambda context the handler uses. */
export interface InvocationContext {
  getRemainingTimeInMillis(): number;
  readonly awsRequestId?: string;
}

/**
 * What a result too large to return gives up, in this order, until it fits (each step
 * keeps the ones before it): `remedies` (each check's remedy; each failing category's is
 * kept once in `remedies`), `ok_checks` (the checks that passed), `other_checks` (a failing
 * integration keeps only the check that decided its category), `all_checks` (no checks;
 * each integration keeps its name, category, token fingerprint and type, and workspace),
 * `integrations` (only as many integrations as fit, failing ones first).
 */
export const SHORTENINGS = ['remedies', 'ok_checks', 'other_checks', 'all_checks', 'integrations'] as const;
export type Shortening = (typeof SHORTENINGS)[number];

/** Says that a returned result was shortened, how, and where the rest is. */
export interface ShortenedNote {
  /** What was left out, in the order it was given up; see {@link SHORTENINGS}. */
  readonly dropped: readonly Shortening[];
  /** The size of the full result, as JSON in UTF-8 bytes. */
  readonly fullBytes: number;
  /** The most a returned result may be, as JSON in UTF-8 bytes. */
  readonly limitBytes: number;
  /** Integrations left out of `integrations` (the summary still counts them). */
  readonly omittedIntegrations?: number;
  /** Where the full detail is: this invocation's log lines, and the Logs Insights query that shows them. */
  readonly seeTheRest: string;
}

/** What every invocation returns: the probe report, plus what happened to its metrics. */
export interface HandlerResult extends ProbeReport {
  readonly metrics: PublishResult | { readonly ok: true; readonly skipped: true };
  /** Each failing category's remedy, once, when the checks no longer carry it. */
  readonly remedies?: Readonly<Partial<Record<Category, string>>>;
  /** Present only when the result was shortened to fit what Lambda returns. */
  readonly shortened?: ShortenedNote;
}

/** A structured log entry; the default writes one JSON line to stdout. */
export type Logger = (entry: Readonly<Record<string, unknown>>) => void;
