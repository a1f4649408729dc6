/**
 * The synthetic event a receiver probe sends: Notion's documented delivery shape (the
 * fields of `BaseWebhookPayload` in @notionhq/client, a type import: nothing of the SDK is
 * bundled), marked in `data` so the receiver can recognise it and answer 2xx without acting.
 */
import type { BaseWebhookPayload } from '@notionhq/client';
import { assertNever } from '../shared/categories.js';
import type { WebhookEventType } from '../shared/receivers.js';

/**
 * The marker in `data`: `"notion_monitor_probe": true` on every event the monitor sends,
 * and on no event Notion sends. A receiver should verify the signature first (a forged
 * event carries the marker too), then answer 2xx to a marked event and do nothing else.
 */
export const PROBE_MARKER = 'notion_monitor_probe';

/** Ids the monitor cannot know (the workspace, the subscription, the integration, the author): the nil UUID. */
export const UNKNOWN_ID = '00000000-0000-0000-0000-000000000000';

/** What one event is built from. */
export interface EventInput {
  readonly eventType: WebhookEventType;
  readonly entityId: string | undefined;
  readonly apiVersion: string;
  /** Fresh for every event. */
  readonly id: string;
  readonly timestamp: Date;
}

type ProbeEvent = Omit<BaseWebhookPayload, 'api_version'> & {
  readonly api_version: string;
  readonly type: WebhookEventType;
  readonly entity: { readonly id: string; readonly type: string };
  readonly data: Readonly<Record<string, unknown>>;
};

/** The event's `data`: the fields its type documents, empty, and the marker. */
function dataOf(eventType: WebhookEventType): Record<string, unknown> {
  const parent = { id: UNKNOWN_ID, type: 'space' };
  switch (eventType) {
    case 'page.properties_updated':
      return { parent, updated_properties: [], [PROBE_MARKER]: true };
    case 'page.content_updated':
    case 'database.content_updated':
    case 'data_source.content_updated':
      return { parent, updated_blocks: [], [PROBE_MARKER]: true };
    case 'page.created':
      return { parent, [PROBE_MARKER]: true };
    default:
      return assertNever(eventType);
  }
}

/** The event's JSON text: the exact bytes that are signed and sent. Pure. */
export function buildEventBody(input: EventInput): string {
  const event: ProbeEvent = {
    id: input.id,
    timestamp: input.timestamp.toISOString(),
    workspace_id: UNKNOWN_ID,
    workspace_name: 'Notion monitor probe',
    subscription_id: UNKNOWN_ID,
    integration_id: UNKNOWN_ID,
    // Notion's deliveries typically name one author; a receiver may read authors[0]. Synthetic.
    authors: [{ id: UNKNOWN_ID, type: 'bot' }],
    attempt_number: 1,
    api_version: input.apiVersion,
    type: input.eventType,
    entity: { id: input.entityId ?? UNKNOWN_ID, type: input.eventType.split('.')[0] ?? 'page' },
    data: dataOf(input.eventType),
  };
  return JSON.stringify(event);
}
