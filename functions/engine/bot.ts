import type { TokenType } from '../shared/categories.js';
import { outside, TEXT_LIMITS } from './text-limits.js';

/** What `users/me` says about the integration behind a token. */
export interface BotInfo {
  readonly tokenType: TokenType | null;
  readonly workspaceName: string | null;
  readonly workspaceId: string | null;
}

/** The integration fields of a result whose token never authenticated. */
export const NO_BOT: BotInfo = { tokenType: null, workspaceName: null, workspaceId: null };

const OWNER_TYPES: Readonly<Record<string, TokenType>> = { workspace: 'internal', user: 'oauth' };

function isRecord(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** A string, null, or absent: anything else is not the documented shape. */
function optionalText(v: unknown): v is string | null | undefined {
  return v === undefined || v === null || typeof v === 'string';
}

/**
 * Reads the bot out of a `users/me` body, or `undefined` when the body is not the
 * documented shape (`{"object":"user","type":"bot","bot":{"owner":{"type":"workspace"|"user"},
 * "workspace_name"?: string|null, "workspace_id"?: string}}`): a captive portal or a
 * gateway answering JSON 200 with `{"bot": {}}` is not an authenticated token. The
 * workspace's name and id are masked with every token of the run, then cut.
 */
export function readBot(json: unknown, mask: (text: string) => string = (t) => t): BotInfo | undefined {
  if (!isRecord(json) || json.object !== 'user' || json.type !== 'bot' || !isRecord(json.bot))
    return undefined;
  const { owner, workspace_name: name, workspace_id: id } = json.bot;
  if (!isRecord(owner) || typeof owner.type !== 'string') return undefined;
  const tokenType = Object.hasOwn(OWNER_TYPES, owner.type) ? OWNER_TYPES[owner.type] : undefined;
  if (tokenType === undefined || !optionalText(name) || !optionalText(id)) return undefined;
  return {
    tokenType,
    workspaceName: typeof name === 'string' ? outside(name, mask, TEXT_LIMITS.workspaceName) : null,
    workspaceId: typeof id === 'string' ? outside(id, mask, TEXT_LIMITS.workspaceId) : null,
  };
}
