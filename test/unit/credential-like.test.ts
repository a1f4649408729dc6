import { describe, expect, it } from 'vitest';
import { isQuotable, looksLikeCredential } from '../../functions/shared/credential-like.js';

describe('looksLikeCredential', () => {
  it.each([
    'ntn_abc12345',
    'secret_abcdefgh',
    'NOTION_TOKEN=ntn_4fJ29dkslQ0pLmNx',
    'Xk9fQ2pLm7RtZ4vB8nW3', // 20 random letters and digits
    '8f14e45fceea167a5a36dedd4bea2543', // an md5, 32 hex
    'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9', // a JWT header
    'q7Rk2mW9xTb4Lp8ZvN3cYd6HfJ1sGa5eUo0iKwXr', // 40 random letters and digits
  ])('%j may be a credential', (text) => {
    expect(looksLikeCredential(text)).toBe(true);
    expect(isQuotable(text)).toBe(false);
  });

  it.each([
    'webhook-receiver',
    'crm-sync-2024-production',
    'myNotionWebhookReceiverV2',
    'NOTION_TOKEN_PROD_WORKSPACE_2',
    'NotionIntegrationForTheCrmTeam',
    'notificationSynchronizationWebhookReceiverIntegration2', // 40+ in a row, but words
    'HTTPServerForCRMSync2',
    'arn:aws:secretsmanager:us-east-1:123456789012:secret:notion-prod-a1B2c3',
    '59833787-2cf9-4fdf-8782-e53db20768a5',
    'x'.repeat(128),
    'NOTION_TOKEN',
  ])('%j is a name', (text) => {
    expect(looksLikeCredential(text)).toBe(false);
  });
});

describe('isQuotable', () => {
  it.each(['NOTION_TOKEN', 'token', 'notionToken', 'NOTION_ACCESS_TOKEN', 'webhook-receiver-2', 'nope'])(
    '%j may be shown',
    (text) => expect(isQuotable(text)).toBe(true),
  );

  it.each([
    ['16 characters or more without separators', 'NotionAccessToken'],
    ['mixed case inside a word', 'Notion_Access_Token_V2'],
    ['a space', 'my key'],
    ['a quote', 'a"b'],
    ['a line break', 'a\nb'],
    ['over 40 characters', `${'ab_'.repeat(14)}`],
    ['empty', ''],
  ])('%s is not shown', (_, text) => expect(isQuotable(text)).toBe(false));
});
