/**
 * What each `config` and `secret_unavailable` reason means and its fix, one line each: our
 * side's mistakes and a token that could not be read. The rest are in reason-texts.ts, which
 * joins both into the one table the report, the CLI and the README use.
 */
import type { ReasonIn } from '../shared/reasons.js';

/** A receiver's own config reasons: their texts are in reason-texts-receiver.ts. */
type ReceiverConfigReason = 'verification_token_blank' | 'receiver_request_not_sent';

/** One reason's meaning and fix: a sentence each. */
export interface ReasonText {
  readonly meaning: string;
  readonly fix: string;
}

export const TOKEN_READ_REASON_TEXTS = {
  token_empty: {
    meaning: 'The token is empty.',
    fix: 'Store the integration secret from Notion (Settings > Integrations).',
  },
  token_blank: {
    meaning: 'The token is only whitespace.',
    fix: 'Store the integration secret from Notion, not a blank value.',
  },
  token_trailing_newline: {
    meaning: 'The token ends with a newline or CR (stored with `echo`, or a file read whole).',
    fix: 'Store it without the line break: `printf %s "$TOKEN"` instead of `echo`.',
  },
  token_trailing_whitespace: {
    meaning: 'The token ends with a space or tab.',
    fix: 'Strip trailing whitespace when storing it.',
  },
  token_leading_whitespace: {
    meaning: 'The token starts with whitespace.',
    fix: 'Strip leading whitespace when storing it.',
  },
  token_inner_whitespace: {
    meaning: 'The token has whitespace or a line break inside it.',
    fix: 'Remove the spaces or line breaks from the stored value.',
  },
  token_quoted: {
    meaning: 'The token is wrapped in quotes (from a .env or JSON file).',
    fix: 'Store the bare secret, without quotes.',
  },
  token_scheme_stored: {
    meaning: 'A scheme is stored with the token (`Bearer `, `Token `, `Basic `, `Bearer Bearer `).',
    fix: 'Store only the secret; the client adds "Bearer " itself.',
  },
  token_invisible_char: {
    meaning: 'The token holds an invisible character (zero-width space, BOM, bidi mark).',
    fix: 'Copy the secret again from Notion, or retype it.',
  },
  token_control_char: {
    meaning: 'The token holds a control character.',
    fix: 'Copy the secret again from Notion.',
  },
  token_non_ascii: {
    meaning: 'The token holds a non-ASCII character (a homoglyph such as a Cyrillic e).',
    fix: 'Copy the secret again from Notion; it is plain ASCII.',
  },
  token_json_object: {
    meaning: 'The token is a JSON object: a key/value secret read whole.',
    fix: 'Set jsonKey to the field that holds the token, or store the bare token.',
  },
  env_missing: {
    meaning: 'The environment variable named for the token is not set.',
    fix: 'Set the variable where the monitor runs, or fix its name in the config.',
  },
  secret_not_found: {
    meaning: 'Secrets Manager has no such secret in this account and region (ResourceNotFoundException).',
    fix: 'Check the secretId (name or ARN) and the region.',
  },
  secret_access_denied: {
    meaning:
      "The monitor's role may not read the secret or call BatchGetSecretValue (AccessDeniedException).",
    fix: 'Grant secretsmanager:GetSecretValue on the secret and secretsmanager:BatchGetSecretValue on *.',
  },
  secret_decrypt_failed: {
    meaning: "The secret's KMS key could not decrypt it (DecryptionFailure).",
    fix: "Grant kms:Decrypt on the secret's key and check the key is enabled.",
  },
  secret_request_invalid: {
    meaning: 'Secrets Manager refused the request itself (a validation, parameter or opt-in error).',
    fix: 'Check the secretId is a secret name or ARN of this account and region.',
  },
  secret_not_text: {
    meaning: 'The secret holds only a binary value (SecretBinary).',
    fix: 'Store the token as a string (SecretString).',
  },
  secret_not_json: {
    meaning: 'The secret is not a JSON object, but jsonKey is set.',
    fix: 'Drop jsonKey if the whole secret is the token, or store a JSON object.',
  },
  secret_key_missing: {
    meaning: 'The secret is a JSON object without the jsonKey field.',
    fix: 'Fix jsonKey, or put the token back under that key.',
  },
  secret_key_not_string: {
    meaning: "The secret's jsonKey field holds a number, list, object or null, not a string.",
    fix: 'Store the token as a string under that key.',
  },
  workspace_mismatch: {
    meaning: "The token belongs to another workspace than the config's expect names.",
    fix: "Store the token of the expected workspace's integration, or correct expect.",
  },
  token_type_mismatch: {
    meaning: 'The token is internal where OAuth is expected, or the other way round.',
    fix: 'Store the right kind of token (a dev or personal one in place of production?).',
  },
  notion_bad_request: {
    meaning: 'Notion refused the request as malformed (400 validation_error, missing_version, ..., 409).',
    fix: "Check the monitor's Notion-Version and the target ids.",
  },
  unexpected_status: {
    meaning: 'A 4xx the monitor does not expect from the Notion API.',
    fix: 'Check notionBaseUrl and what sits in between; the message quotes the answer.',
  },
  redirected: {
    meaning: 'A 3xx redirect: the Notion API never redirects.',
    fix: 'Check notionBaseUrl (https://api.notion.com) and the proxy or portal in between.',
  },
  wrong_base_url: {
    meaning: 'A 404 that did not come from the Notion API.',
    fix: 'Check notionBaseUrl points at the Notion API.',
  },
  request_not_sent: {
    meaning:
      'The request was not sent: a proxy variable or URL that cannot be used, or a header Node refuses.',
    fix: 'Fix the proxy variables (HTTPS_PROXY, NO_PROXY) or notionBaseUrl, as the message says.',
  },
  secret_throttled: {
    meaning: 'Secrets Manager throttled the read.',
    fix: 'Nothing for one run; if it persists, look for other readers of the secrets in the account.',
  },
  secret_service_error: {
    meaning: 'Secrets Manager failed on its side (InternalServiceError, 5xx).',
    fix: 'Usually clears by itself; check AWS Health if it persists.',
  },
  secret_unrecognised_error: {
    meaning: 'Secrets Manager answered with an error code it does not document.',
    fix: 'Check what answers on the Secrets Manager endpoint (a VPC endpoint, a proxy).',
  },
  secret_unreachable: {
    meaning: 'Secrets Manager was not reached, or did not answer in time.',
    fix: "Check the function's network path to Secrets Manager (VPC endpoint or NAT).",
  },
  secret_answer_unreadable: {
    meaning: "Secrets Manager's answer is malformed (not the documented shape).",
    fix: 'Check what answers on the Secrets Manager endpoint; nothing to rotate.',
  },
  aws_credentials_rejected: {
    meaning: "AWS did not accept the monitor's credentials (expired, unknown, skewed clock).",
    fix: 'Refresh the credentials (`aws sso login`) or check the clock.',
  },
  aws_setup_missing: {
    meaning: 'No AWS region or credentials where the monitor runs.',
    fix: 'Set AWS_REGION and AWS_PROFILE (or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY).',
  },
  token_unresolved: {
    meaning:
      'The token source gave no token and no reason for this integration (no AWS adapters in this build).',
    fix: 'Run with the AWS adapters (the CLI or the Lambda handler) for secretId tokens.',
  },
  secret_overwritten: {
    meaning:
      "The secret's current value fails and its previous version (AWSPREVIOUS) passes: a deploy, CI job or copied template wrote a bad value.",
    fix: 'Roll back, do not rotate: make the previous version AWSCURRENT (the check gives the command), then stop what wrote it.',
  },
} as const satisfies Readonly<
  Record<Exclude<ReasonIn<'config' | 'secret_unavailable'>, ReceiverConfigReason>, ReasonText>
>;
