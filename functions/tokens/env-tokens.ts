import { type ResolvedToken, type TokenRequest, type TokenResolver, tokenFailure } from '../engine/ports.js';

/**
 * Resolves `{ "env": "VAR" }` tokens from an environment record and hands every
 * `{ "secretId" }` token to `secrets` (Secrets Manager in production).
 */
export function createTokenResolver(options: {
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly secrets?: TokenResolver;
}): TokenResolver {
  return async (requests, signal) => {
    const out = new Map<string, ResolvedToken>();
    const fromSecrets: TokenRequest[] = [];
    for (const i of requests) {
      if ('env' in i.token) {
        // Own string values only: `toString` or `__proto__` name no variable.
        const value = Object.hasOwn(options.env, i.token.env) ? options.env[i.token.env] : undefined;
        out.set(
          i.name,
          typeof value !== 'string'
            ? tokenFailure('env_missing', `Environment variable ${i.token.env} is not set.`)
            : { ok: true, token: value },
        );
      } else fromSecrets.push(i);
    }
    if (fromSecrets.length > 0) {
      if (options.secrets === undefined) {
        for (const i of fromSecrets) {
          out.set(
            i.name,
            tokenFailure(
              'token_unresolved',
              'Secrets Manager tokens are not available in this run (no AWS adapters).',
            ),
          );
        }
      } else {
        const resolved = await options.secrets(fromSecrets, signal);
        for (const i of fromSecrets) {
          out.set(
            i.name,
            resolved.get(i.name) ?? tokenFailure('token_unresolved', 'The secret was not resolved.'),
          );
        }
      }
    }
    return out;
  };
}
