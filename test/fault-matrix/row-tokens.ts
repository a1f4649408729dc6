import { createHash } from 'node:crypto';

/**
 * A distinctive fake token for a row: `ntn_MATRIX<40 hex of the row id>`. Random-looking like
 * a real one: a token that spelled its row's words (`unauthorized`) would have them masked
 * wherever an answer says them, since no 8 characters of a token may appear in any output.
 */
export function matrixToken(id: string): string {
  const hex = createHash('sha256').update(`fault-matrix:${id}`).digest('hex');
  return `ntn_MATRIX${hex.slice(0, 40)}`;
}

/** A token of exactly `length` characters, all valid, ending in a distinctive tail. */
export function longToken(id: string, length: number): string {
  let out = 'ntn_MATRIX';
  for (let i = 0; out.length < length; i++) {
    out += createHash('sha256').update(`fault-matrix:${id}:${i}`).digest('hex');
  }
  return out.slice(0, length);
}

/** The token of the healthy integration every handler row runs next to the faulted one. */
export const HEALTHY_TOKEN = matrixToken('healthy');
