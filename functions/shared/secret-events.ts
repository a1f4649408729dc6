/**
 * The Secrets Manager events that change what a secret's token is (issue 13), as EventBridge
 * delivers them: one list for the rule's pattern (infra/secret-change-rule.ts) and the
 * handler that reads the event (functions/handler/secret-event.ts).
 *
 * Sources: AWS Secrets Manager User Guide, "Match AWS Secrets Manager events with Amazon
 * EventBridge" (monitoring-eventbridge.html), "AWS CloudTrail entries for Secrets Manager"
 * (cloudtrail_log_entries.html) and "Secret Label Updated event"
 * (event-detail-secret-label-updated-secretsmanager.html).
 */

export const SECRETS_MANAGER_SOURCE = 'aws.secretsmanager';
export const CLOUDTRAIL_EVENT_SOURCE = 'secretsmanager.amazonaws.com';

/** API calls recorded by CloudTrail (detail-type {@link API_CALL}) that can change the current value. */
export const SECRET_CHANGE_CALLS = [
  'PutSecretValue',
  'UpdateSecret',
  'UpdateSecretVersionStage',
  'RestoreSecret',
  'RotateSecret',
] as const;

/** Rotation events Secrets Manager itself records in CloudTrail (detail-type {@link SERVICE_EVENT}). */
export const ROTATION_EVENTS = ['RotationSucceeded', 'RotationFailed'] as const;

export const API_CALL = 'AWS API Call via CloudTrail';
export const SERVICE_EVENT = 'AWS Service Event via CloudTrail';
/** Sent by Secrets Manager itself, without CloudTrail, when a staging label moves. */
export const LABEL_UPDATED = 'Secret Label Updated';
/** The only label move that changes what a reader of the secret gets. */
export const CURRENT_STAGE = 'AWSCURRENT';

export type SecretChangeEventName =
  | (typeof SECRET_CHANGE_CALLS)[number]
  | (typeof ROTATION_EVENTS)[number]
  | typeof LABEL_UPDATED;
