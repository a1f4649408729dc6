/**
 * Fault-matrix rows for issue 13: a failing secret compared with its previous version
 * (`AWSPREVIOUS`), through the real handler, the loopback AWS endpoint's GetSecretValue by
 * stage and the Notion simulator. The moto tier (test/moto/) runs the same comparison on
 * version stages a real emulator keeps.
 */
import { matrixToken as T } from './row-tokens.js';
import type { HandlerRow } from './rows.js';

const base = { via: 'handler', group: 'Secrets Manager' } as const;
const OVERWRITTEN = 'was overwritten';

export const secretHistoryRows: HandlerRow[] = [
  {
    ...base,
    id: 'sm-history-revoked-written',
    fault: 'A good secret overwritten with a revoked token',
    token: T('sm-history-revoked-written'),
    secretString: T('sm-history-revoked-written-stale'),
    history: { previous: T('sm-history-revoked-written') },
    awsCalls: { GetSecretValue: 1 },
    expected: {
      category: 'config',
      reason: 'secret_overwritten',
      origin: 'client',
      check: 'previous_version',
      says: OVERWRITTEN,
    },
    userSees:
      'config, secret_overwritten: the current value is refused, the previous one works; the rollback command is given.',
  },
  {
    ...base,
    id: 'sm-history-dev-token',
    fault: 'A prod secret overwritten with a token of another workspace',
    token: T('sm-history-dev-token'),
    secretString: T('sm-history-dev-token-dev'),
    history: { previous: T('sm-history-dev-token'), currentWorkspace: 'Acme Dev', expectWorkspace: 'Acme' },
    awsCalls: { GetSecretValue: 1 },
    expected: {
      category: 'config',
      reason: 'secret_overwritten',
      origin: 'client',
      check: 'previous_version',
      says: 'belongs to another workspace ("Acme Dev") while the previous one matches',
    },
    userSees: 'config, secret_overwritten: a token of another workspace was written; roll back.',
  },
  {
    ...base,
    id: 'sm-history-newline',
    fault: 'A good secret overwritten with the same token and a trailing newline',
    token: T('sm-history-newline'),
    secretString: `${T('sm-history-newline')}\n`,
    history: { previous: T('sm-history-newline') },
    awsCalls: { GetSecretValue: 1 },
    expected: {
      category: 'config',
      reason: 'secret_overwritten',
      origin: 'client',
      check: 'previous_version',
      says: 'fails the token lint',
    },
    userSees: 'config, secret_overwritten: the new value has a newline, the previous one works; roll back.',
  },
  {
    ...base,
    id: 'sm-history-both-revoked',
    fault: 'The current and the previous value both revoked in Notion',
    token: T('sm-history-both-revoked'),
    notionKnows: false,
    history: { previous: T('sm-history-both-revoked-old') },
    awsCalls: { GetSecretValue: 1 },
    expected: {
      category: 'auth',
      reason: 'token_revoked',
      origin: 'notion',
      check: 'previous_version',
      says: 'Notion refuses both',
    },
    userSees:
      'auth, token_revoked: Notion refuses both values, so no bad write explains it; rotate or reconnect.',
  },
  {
    ...base,
    id: 'sm-history-single-version',
    fault: 'A revoked token in a secret with one version',
    token: T('sm-history-single-version'),
    notionKnows: false,
    history: { note: { reason: 'no_previous_version', says: 'has no previous version to compare with' } },
    awsCalls: { GetSecretValue: 1 },
    expected: {
      category: 'auth',
      reason: 'notion_unauthorized',
      origin: 'notion',
      check: 'auth',
      httpStatus: 401,
    },
    userSees: 'auth as before (Notion refuses the token), with a note: no previous version to compare with.',
  },
  {
    ...base,
    id: 'sm-history-unreadable',
    fault: 'The previous version cannot be read (GetSecretValue fails)',
    token: T('sm-history-unreadable'),
    notionKnows: false,
    history: {
      previous: T('sm-history-unreadable-old'),
      note: { says: 'could not be read (InternalServiceError, HTTP 500). The diagnosis above stands.' },
    },
    awsFaults: [{ operation: 'GetSecretValue', fault: { kind: 'internal' } }],
    secretsMaxAttempts: 1,
    awsCalls: { GetSecretValue: 1 },
    expected: {
      category: 'auth',
      reason: 'notion_unauthorized',
      origin: 'notion',
      check: 'auth',
      httpStatus: 401,
    },
    userSees:
      'auth as before (Notion refuses the token), with a note that the previous version could not be read.',
  },
];
