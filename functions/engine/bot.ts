import type { TokenType } from '../shared/categories.js';

/** What `users/me` says about the integration behind a token. */
export interface BotInfo {
  readonly tokenType: TokenType | null;
  readonly workspaceName: string | null;
  readonly workspaceId: string | null;
}

/** The integration fields of a result whose token never authenticated. */
export const NO_BOT: BotInfo = { tokenType: null, workspaceName: null, workspaceId: null };

/** Reads the bot out of a `users/me` body without trusting its shape. */
export function readBot(json: unknown): BotInfo | undefined {
  if (json === null || typeof json !== 'object') return undefined;
  const bot = (json as { bot?: unknown }).bot;
  if (bot === null || typeof bot !== 'object') return undefined;
  const fields = bot as { owner?: { type?: unknown }; workspace_name?: unknown; workspace_id?: unknown };
  const ownerType = fields.owner?.type;
  return {
    tokenType: ownerType === 'workspace' ? 'internal' : ownerType === 'user' ? 'oauth' : null,
    workspaceName: typeof fields.workspace_name === 'string' ? fields.workspace_name : null,
    workspaceId: typeof fields.workspace_id === 'string' ? fields.workspace_id : null,
  };
}
