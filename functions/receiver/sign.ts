import { createHmac, randomBytes } from 'node:crypto';

/**
 * The `X-Notion-Signature` value Notion sends: `sha256=` and the hex HMAC-SHA256 of the
 * body's exact UTF-8 bytes, keyed with the subscription's verification token. The same
 * computation as `signWebhookPayload` in @notionhq/client (a test compares the two); written
 * on node:crypto because the SDK is CommonJS and importing one function of it bundles all of it.
 */
export function signWebhookBody(body: string, verificationToken: string): string {
  return `sha256=${createHmac('sha256', verificationToken).update(body, 'utf8').digest('hex')}`;
}

/** A key no verification token is: 32 random bytes, fresh for each forged event. */
export function forgeryKey(): string {
  return `forged_${randomBytes(32).toString('hex')}`;
}
