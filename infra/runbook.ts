import { remedyFor } from '../functions/engine/remedies.js';
import { assertNever, type FailureCategory, isReceiverCategory } from '../functions/shared/categories.js';
import {
  type AlarmKind,
  isCategoryAlarm,
  isReceiverSharedAlarm,
  isSlowAlarm,
  type MonitorAlarm,
  type ReceiverSharedAlarm,
  receiverSharedCategoryOf,
  type SlowAlarm,
} from './alarm-names.js';

/** CloudWatch caps an alarm description at 1024 characters. */
export const MAX_ALARM_DESCRIPTION = 1024;

function meaning(category: FailureCategory): string {
  switch (category) {
    case 'config':
      return 'a stored token is malformed or belongs to another workspace or type, its secret cannot be read (missing, denied, undecryptable, not holding the token), or a request we send is invalid';
    case 'secret_unavailable':
      return 'a token could not be read this run: Secrets Manager throttled, failed or was not reached';
    case 'auth':
      return 'Notion itself answered 401 for a token';
    case 'proxy_auth':
      return 'something in front of Notion (proxy, gateway, WAF, edge) answered 401/403/407';
    case 'not_notion':
      return 'something that is not Notion (captive portal, proxy, gateway) answered in its place';
    case 'forbidden':
      return 'a token lacks a capability for a page, database or data source (403)';
    case 'not_found':
      return 'a page, database or data source is not shared with its integration, or its id is wrong (404)';
    case 'rate_limited':
      return 'Notion (or a gateway in between) is rate limiting an integration (429/529)';
    case 'timeout':
      return 'Notion did not answer in time';
    case 'network':
      return 'requests to Notion got no complete HTTP answer (DNS, connect, reset, TLS, a cut body)';
    case 'server_error':
      return "Notion or its edge answered 5xx, or a success that is not Notion's documented answer";
    case 'receiver_rejected':
      return 'a webhook receiver or its gateway, WAF or load balancer refused an event signed as Notion signs it';
    case 'receiver_insecure':
      return 'a webhook receiver accepted an event signed with the wrong key: it does not verify X-Notion-Signature';
    case 'receiver_error':
      return 'a webhook receiver answered a signed event with a 5xx or another status that is neither an acceptance nor a refusal';
    default:
      return assertNever(category);
  }
}

/** The runbooks of the monitor's alarms about itself. */
function monitorRunbook(alarm: MonitorAlarm): string {
  switch (alarm) {
    case 'not-running':
      return "The Notion monitor did not run: no heartbeat. Until this clears, no other Notion alarm can fire. Check the function-failed alarm and the function's logs (throttles, errors, timeouts), the schedule (EventBridge Scheduler, enabled?), and the dead-letter queue (stack output DeadLetterQueueUrl) for undelivered invocations.";
    case 'function-failed':
      return 'The Notion monitor function failed: an invalid configuration, a metrics publish that failed after retries, or a crash. Read the latest log lines of the function (the "run finished" line has the metrics error), fix the config or permissions (cloudwatch:PutMetricData for the namespace), then run Test from the console.';
    case 'lost-runs':
      return 'A scheduled Notion monitor run was lost: the scheduler could not invoke the function, the run was dropped after waiting one interval, or the run failed (then the function-failed alarm fires too). Each lost run is a message in the dead-letter queue (stack output DeadLetterQueueUrl, kept 14 days) with the reason: read it, fix the cause (permissions, throttling, errors), then run Test from the console.';
    default:
      return assertNever(alarm);
  }
}

function categoryRunbook(category: FailureCategory): string {
  if (isReceiverCategory(category)) {
    return (
      `Notion webhook receiver ${category}: ${meaning(category)}. ` +
      `What to do: ${remedyFor(category)} ` +
      `Which receiver and why: this message's contributor attributes (Receiver; Reason when present), or run Test on the monitor function (stack output FunctionName) with {"publishMetrics": false}.`
    );
  }
  return (
    `Notion integration ${category}: ${meaning(category)}. ` +
    `What to do: ${remedyFor(category)} ` +
    `Which integration and why: this message's contributor attributes (Integration; Reason when present), or run Test on the monitor function (stack output FunctionName) with {"publishMetrics": false}.`
  );
}

/**
 * A shared category's receiver alarm: what it means and what to do, worded for a webhook
 * receiver (the category's remedy speaks of Notion and tokens of integrations).
 */
function receiverSharedRunbook(alarm: ReceiverSharedAlarm): string {
  const category = receiverSharedCategoryOf(alarm);
  const which =
    'Which receiver and why: this message\'s contributor attributes (Receiver; Reason when present), or run Test on the monitor function (stack output FunctionName) with {"publishMetrics": false}.';
  switch (category) {
    case 'config':
      return `Notion webhook receiver config: the monitor could not send its signed event to a receiver because of our side. Its verification token could not be read (secret missing, denied, undecryptable, or without the jsonKey; the Reason says which: secret_key_missing, secret_access_denied, ...), is blank or has whitespace around it (verification_token_blank), or the request could not be built (receiver_request_not_sent: the URL). Nothing was sent. Fix the secret or the receivers entry in the config; nothing to rotate in Notion. ${which}`;
    case 'secret_unavailable':
      return `Notion webhook receiver secret_unavailable: a receiver's verification token could not be read this run (Secrets Manager throttled, failed or was not reached), so nothing was sent; nothing says the receiver or the token is wrong. It clears by itself; if it persists, check Secrets Manager from the function (AWS Health, a VPC endpoint or NAT). ${which}`;
    case 'timeout':
      return `Notion webhook receiver timeout: a receiver did not answer the signed event within the request timeout (or answered 408), or the run's deadline came first. Notion gives up on a slow receiver too and retries, so deliveries are late or lost. Check the receiver is up and answers quickly (acknowledge first, work later), its cold starts, and what sits in front of it (gateway, load balancer target health). ${which}`;
    case 'network':
      return `Notion webhook receiver network: the signed event got no complete HTTP answer from a receiver: DNS failure (the host name), connection refused (nothing listening, a security group), reset, TLS failure (an expired or mismatched certificate, an incomplete chain), or a cut body. Notion cannot deliver there either. Check the URL's DNS record, the certificate (openssl s_client -connect host:443 -servername host), the listener and security groups; from a VPC, the monitor's own egress (NAT, proxy) too. ${which}`;
    default:
      return assertNever(category);
  }
}

/** What a request kind's slowness means; the threshold is in the message's own Threshold section. */
function slowRunbook(alarm: SlowAlarm): string {
  if (alarm === 'slow-receiver')
    return "Notion webhook receivers are slow: the p90 latency of the monitor's signed and forged events stayed above the threshold for every period evaluated. Not a failure yet, but near the request timeout they become timeout failures, and Notion gives up on a slow receiver too. Check the receiver answers before doing its work (acknowledge, then queue), its cold starts, and the gateway or load balancer in front of it; the dashboard's latency graph shows the receiver line. Nothing to rotate.";
  const request =
    alarm === 'slow-auth'
      ? 'GET /v1/users/me (the auth check)'
      : 'the target reads (pages, databases, data sources)';
  return `Notion requests are slow: the p90 latency of ${request} stayed above the threshold for every period evaluated. Not a failure yet: answers still arrive, but near the request timeout they become timeout failures. Check status.notion.so, then the path from the monitor (proxy, NAT, VPC endpoints) and the dashboard's latency graph by check kind. Nothing to rotate.`;
}

/**
 * The alarm description, the only place alarm text is written: the runbook for what the
 * alarm watches, so the notification email tells the on-call person what it means and
 * what to check first.
 */
export function alarmDescription(kind: AlarmKind): string {
  const text = isCategoryAlarm(kind)
    ? categoryRunbook(kind)
    : isReceiverSharedAlarm(kind)
      ? receiverSharedRunbook(kind)
      : isSlowAlarm(kind)
        ? slowRunbook(kind)
        : monitorRunbook(kind);
  return text.length <= MAX_ALARM_DESCRIPTION ? text : `${text.slice(0, MAX_ALARM_DESCRIPTION - 1)}…`;
}
