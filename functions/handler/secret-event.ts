/**
 * Reads a Secrets Manager change event (issue 13) as EventBridge delivers it, and finds the
 * integrations that read that secret. Three documented shapes: a CloudTrail API call
 * (`requestParameters.secretId` as the caller gave it: a name, a full or a partial ARN;
 * `responseElements.arn`, spelled `aRN` by some calls before February 2024), a CloudTrail
 * rotation event (`additionalEventData.SecretId`), and Secrets Manager's own `Secret Label
 * Updated` (`detail.name`, the ARN in `resources`). Pure.
 */
import { refersTo } from '../aws/secret-tokens.js';
import type { IntegrationConfig, ReceiverConfig } from '../config/schema.js';
import {
  API_CALL,
  CURRENT_STAGE,
  LABEL_UPDATED,
  ROTATION_EVENTS,
  SECRET_CHANGE_CALLS,
  SECRETS_MANAGER_SOURCE,
  SERVICE_EVENT,
  type SecretChangeEventName,
} from '../shared/secret-events.js';

/** What a change event says about which secret changed, and to which version when it says. */
export interface SecretChange {
  readonly eventName: SecretChangeEventName;
  /** Ids exactly as the event gives them (a name, or an ARN with or without its suffix). */
  readonly ids: readonly string[];
  /** Full ARNs (with the 6-character suffix). */
  readonly arns: readonly string[];
  /** The version that became current, when the event names it. */
  readonly versionId?: string;
}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const text = (v: unknown): string[] => (typeof v === 'string' && v.length > 0 ? [v] : []);
const field = (o: unknown, key: string): unknown => (isObject(o) ? o[key] : undefined);
const oneOf = <T extends string>(list: readonly T[], v: unknown): v is T => list.includes(v as T);

function apiCall(detail: Json): SecretChange | undefined {
  const name = detail.eventName;
  if (!oneOf(SECRET_CHANGE_CALLS, name)) return undefined;
  // CloudTrail records refused calls too (`errorCode`, no `responseElements`): nothing changed,
  // so the change names no secret and probes nothing, however many are sent.
  if (text(detail.errorCode).length > 0) return { eventName: name, ids: [], arns: [] };
  const request = detail.requestParameters;
  const response = detail.responseElements;
  // UpdateSecretVersionStage names the version it moves a stage to; only AWSCURRENT matters.
  const moved =
    name === 'UpdateSecretVersionStage' && field(request, 'versionStage') === CURRENT_STAGE
      ? text(field(request, 'moveToVersionId'))
      : [];
  const versionId = [...text(field(response, 'versionId')), ...moved][0];
  return {
    eventName: name,
    ids: [...text(field(request, 'secretId')), ...text(field(response, 'name'))],
    arns: ['arn', 'aRN', 'ARN'].flatMap((k) => text(field(response, k))),
    ...(versionId !== undefined ? { versionId } : {}),
  };
}

function labelUpdated(event: Json, detail: Json): SecretChange | undefined {
  if (detail.labelUpdated !== CURRENT_STAGE) return undefined;
  const resources = Array.isArray(event.resources) ? event.resources.flatMap(text) : [];
  const versionId = text(detail.versionId)[0];
  return {
    eventName: LABEL_UPDATED,
    ids: text(detail.name),
    arns: resources,
    ...(versionId !== undefined ? { versionId } : {}),
  };
}

/** The change an event reports, or `undefined` when it is not a Secrets Manager change event. */
export function secretChangeOf(event: unknown): SecretChange | undefined {
  if (!isObject(event) || event.source !== SECRETS_MANAGER_SOURCE) return undefined;
  const detail = event.detail;
  if (!isObject(detail)) return undefined;
  switch (event['detail-type']) {
    case API_CALL:
      return apiCall(detail);
    case SERVICE_EVENT: {
      const name = detail.eventName;
      const arns = text(field(detail.additionalEventData, 'SecretId'));
      return oneOf(ROTATION_EVENTS, name) ? { eventName: name, ids: arns, arns } : undefined;
    }
    case LABEL_UPDATED:
      return labelUpdated(event, detail);
    default:
      return undefined;
  }
}

/** A full ARN's secret name: what follows `:secret:`, without the `-` and 6 random characters. */
function nameOfArn(arn: string): string | undefined {
  const at = arn.indexOf(':secret:');
  return at < 0 ? undefined : arn.slice(at + ':secret:'.length).replace(/-[A-Za-z0-9]{6}$/, '');
}

/** Whether a configured `secretId` is the changed secret. */
function reads(change: SecretChange, id: string): boolean {
  return change.ids.includes(id) || change.arns.some((arn) => refersTo(id, nameOfArn(arn), arn));
}

/** The names of the configured integrations that read the changed secret, in config order. */
export function integrationsOf(change: SecretChange, configured: readonly IntegrationConfig[]): string[] {
  return configured.flatMap((i) =>
    'secretId' in i.token && reads(change, i.token.secretId) ? [i.name] : [],
  );
}

/** The names of the webhook receivers whose verification token is in the changed secret, in config order. */
export function receiversOf(change: SecretChange, configured: readonly ReceiverConfig[]): string[] {
  return configured.flatMap((r) =>
    'secretId' in r.verificationToken && reads(change, r.verificationToken.secretId) ? [r.name] : [],
  );
}
