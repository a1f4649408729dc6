import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../functions/config/schema.js';
import { InvocationError, parseInvocation } from '../../functions/handler/invocation.js';

const TOKEN = 'ntn_pastedIntoTheEventHn2nA48PddbcAWjd47HE1';
const PREFIXLESS = 'Xk9fQ2pLm7RtZ4vB8nW3yH6cJ1dG5sA0';
const parsed = parseConfig({
  integrations: [
    { name: 'good', token: { env: 'A' } },
    { name: 'revoked', token: { env: 'B' } },
  ],
});
if (!parsed.ok) throw new Error(parsed.problems.join());
const configured = parsed.config.integrations;

function errorOf(event: unknown): InvocationError {
  try {
    parseInvocation(event, configured);
  } catch (error) {
    if (error instanceof InvocationError) return error;
    throw error;
  }
  throw new Error('no InvocationError');
}

describe('parseInvocation', () => {
  it('refuses an empty list: it would probe nothing and still publish a heartbeat', () => {
    expect(errorOf({ integrations: [] }).message).toBe(
      'Invalid event: integrations: integrations must name at least one integration (leave it out to probe all). Send {"integrations"?: ["name"], "publishMetrics"?: false}.',
    );
  });

  it.each([
    ['a Notion token', TOKEN],
    ['a prefix-less token', PREFIXLESS],
    ['a token behind "Bearer "', `Bearer ${TOKEN}`],
  ])('never quotes %s pasted into the list; names its position', (_, pasted) => {
    const message = errorOf({ integrations: ['good', pasted, 'nope'] }).message;
    expect(message).toBe(
      'Unknown integrations integrations[1] (not shown: it may hold a credential), "nope"; configured: good, revoked.',
    );
  });

  it('still selects configured names', () => {
    expect(parseInvocation({ integrations: ['revoked'], publishMetrics: false }, configured)).toEqual({
      integrations: ['revoked'],
      publishMetrics: false,
    });
  });
});
