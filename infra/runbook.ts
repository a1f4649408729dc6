import { remedyFor } from '../functions/engine/remedies.js';
import { assertNever, type FailureCategory } from '../functions/shared/categories.js';

/** CloudWatch caps an alarm description at 1024 characters. */
export const MAX_ALARM_DESCRIPTION = 1024;

function meaning(category: FailureCategory): string {
  switch (category) {
    case 'config':
      return 'a stored token is malformed, belongs to another workspace or type, or a request we send is invalid';
    case 'auth':
      return 'Notion itself answered 401 for a token';
    case 'proxy_auth':
      return 'something in front of Notion (proxy, gateway, WAF, edge) answered 401/403/407';
    case 'forbidden':
      return 'a token lacks a capability for a page, database or data source (403)';
    case 'not_found':
      return 'a page, database or data source is not shared with its integration, or its id is wrong (404)';
    case 'rate_limited':
      return 'Notion is rate limiting an integration (429/529)';
    case 'timeout':
      return 'Notion did not answer in time';
    case 'network':
      return 'requests to Notion failed before any HTTP answer (DNS, connect, reset, TLS)';
    case 'server_error':
      return 'Notion or its edge answered 5xx';
    default:
      return assertNever(category);
  }
}

/**
 * The alarm description: the runbook for the category, so the notification email tells
 * the on-call person what it means and what to check first.
 */
export function alarmDescription(category: FailureCategory): string {
  const text =
    `Notion integration ${category}: ${meaning(category)}. ` +
    `What to do: ${remedyFor(category)} ` +
    `Which integration: the IntegrationFailures metric (dimension Integration), or run Test on the monitor function (stack output FunctionName) with {"publishMetrics": false} for the full diagnosis.`;
  return text.length <= MAX_ALARM_DESCRIPTION ? text : `${text.slice(0, MAX_ALARM_DESCRIPTION - 1)}…`;
}
