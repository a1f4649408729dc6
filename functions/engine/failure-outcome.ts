/**
 * A result's category and reason as one value, shared by the integrations' report
 * (report.ts) and the webhook receivers' (functions/receiver/receiver-result.ts): here, not in
 * report.ts, because the report imports the receivers' result types.
 */
import { type Category, worse } from '../shared/categories.js';
import { failureOf, type ReasonPair } from '../shared/reasons.js';

/**
 * A category and, when it is not `ok`, the reason for it (one level finer, of that
 * category): a failing check or integration without a reason does not type-check.
 */
export type Outcome = { readonly category: 'ok'; readonly reason?: never } | ReasonPair;

/** The worst category among checks (`ok` when there are none). */
export function worstCategory(checks: readonly { readonly category: Category }[]): Category {
  return checks.reduce<Category>((acc, c) => worse(acc, c.category), 'ok');
}

/** Only the category and reason of a check or an integration. */
export function outcomeOf(of: Outcome): Outcome {
  return of.category === 'ok' ? { category: 'ok' } : failureOf(of.reason);
}
