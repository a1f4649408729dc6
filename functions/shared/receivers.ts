/**
 * The webhook receiver probe's vocabulary: its checks, who can answer it, and the event
 * types it can send. Imported by the config schema, the receiver probe, the CLI and infra.
 */

import type {
  DatabaseContentUpdatedWebhookPayload,
  DataSourceContentUpdatedWebhookPayload,
  PageContentUpdatedWebhookPayload,
  PageCreatedWebhookPayload,
  PagePropertiesUpdatedWebhookPayload,
} from '@notionhq/client';
import type { FailureCategory } from './categories.js';

/**
 * A receiver's checks, in order: its verification token as read (only when it could not be
 * read or cannot sign: every other check is then skipped), Notion's event signed with it,
 * the same event signed with another key.
 */
export const RECEIVER_CHECK_KINDS = ['verification_token', 'signed_event', 'forged_event'] as const;
export type ReceiverCheckKind = (typeof RECEIVER_CHECK_KINDS)[number];

/**
 * Who answered a receiver check, from the answer's headers (first match wins):
 * `api_gateway` (`x-amzn-errortype`, `x-amz-apigw-id`, `x-amzn-requestid`), `cloudfront`
 * (`x-amz-cf-id`, `via: ... cloudfront`), `load_balancer` (`server: awselb/...`), `receiver`
 * (any other answer), `nobody` (no answer: a timeout, a network failure, a skipped check).
 */
export const ANSWERERS = ['api_gateway', 'cloudfront', 'load_balancer', 'receiver', 'nobody'] as const;
export type Answerer = (typeof ANSWERERS)[number];

/** The CheckKind dimension value of a receiver request's `CheckLatency`. */
export const RECEIVER_LATENCY_KIND = 'receiver';

type SdkEventType = (
  | PagePropertiesUpdatedWebhookPayload
  | PageContentUpdatedWebhookPayload
  | PageCreatedWebhookPayload
  | DatabaseContentUpdatedWebhookPayload
  | DataSourceContentUpdatedWebhookPayload
)['type'];

/**
 * The event types a receiver probe can send: Notion's content events whose entity is a
 * page, a database or a data source (typed against the SDK's payload types: a renamed type
 * fails the type check). The entity's type is the event type's first segment.
 */
export const WEBHOOK_EVENT_TYPES = [
  'page.properties_updated',
  'page.content_updated',
  'page.created',
  'database.content_updated',
  'data_source.content_updated',
] as const satisfies readonly SdkEventType[];
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

/** The event a receiver gets unless its config names another. */
export const DEFAULT_WEBHOOK_EVENT_TYPE: WebhookEventType = 'page.properties_updated';

/**
 * The shared categories a webhook receiver can end in besides its own (RECEIVER_CATEGORIES):
 * its verification token unreadable (`config`, `secret_unavailable`: the token source's
 * reasons), blank or an event not sent (`config`), no answer in time (`timeout`), no complete
 * answer (`network`). Their category alarms group `IntegrationFailures`, where a receiver is
 * never a contributor, so each gets a receiver alarm of its own over `ReceiverFailures`.
 * `probe_error` is not here: the function-failed alarm pages for it. A test
 * (test/infra/receiver-shared-alarms.test.ts) derives the set from the receiver probe.
 */
export const RECEIVER_SHARED_CATEGORIES = [
  'config',
  'secret_unavailable',
  'timeout',
  'network',
] as const satisfies readonly FailureCategory[];
export type ReceiverSharedCategory = (typeof RECEIVER_SHARED_CATEGORIES)[number];
