import { describe, expect, it } from 'vitest';
import { maskResultText } from '../../functions/engine/mask-result.js';
import type { IntegrationResult } from '../../functions/engine/report.js';
import { REASONS } from '../../functions/shared/reasons.js';

/** A placeholder secret that spells vocabulary: everything that could hold it is masked, wherever it occurs. */
const maskWords = (words: readonly string[]) => (text: string) =>
  words.reduce((t, w) => t.split(w).join('[REDACTED]'), text);

describe('maskResultText keeps the report vocabulary', () => {
  it.each(REASONS.map((r) => [r]))('reason %s is never masked, though a secret equal to it is', (reason) => {
    const result: IntegrationResult = {
      name: 'one',
      category: 'config',
      reason: 'token_quoted',
      tokenFingerprint: 'ntn_…abcd',
      tokenType: null,
      workspaceName: null,
      workspaceId: null,
      checks: [
        {
          check: 'token_format',
          category: 'config',
          reason: 'token_quoted',
          origin: 'client',
          message: `said ${reason}`,
        },
      ],
    };
    const withReason = { ...result, reason, checks: [{ ...result.checks[0], reason }] } as IntegrationResult;
    const masked = maskResultText(withReason, maskWords([reason]));
    expect(masked.reason).toBe(reason);
    expect(masked.checks[0]?.reason).toBe(reason);
    expect(masked.checks[0]?.message).toBe('said [REDACTED]');
  });
});
