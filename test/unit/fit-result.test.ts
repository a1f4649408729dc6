import { describe, expect, it } from 'vitest';
import { remedyFor } from '../../functions/engine/remedies.js';
import { buildReport, type CheckResult, type IntegrationResult } from '../../functions/engine/report.js';
import { fitResult, MAX_RESULT_BYTES } from '../../functions/handler/fit-result.js';
import type { HandlerResult } from '../../functions/handler/handler-types.js';

const bytes = (value: unknown) => Buffer.byteLength(JSON.stringify(value), 'utf8');
const hex = (n: number, width: number) => n.toString(16).padStart(width, '0');
const uuid = (n: number) => `${hex(n, 8)}-76fa-4934-9b05-${hex(n, 12)}`;

/** A target Notion says it cannot find, as the engine reports it. */
function notFound(n: number): CheckResult {
  const id = uuid(n);
  return {
    check: 'target',
    target: id,
    label: `Inbound tickets ${n}`,
    category: 'not_found',
    reason: 'object_not_found',
    origin: 'notion',
    httpStatus: 404,
    code: 'object_not_found',
    latencyMs: 212,
    requestId: uuid(n + 7),
    message: `404 from the Notion API: object_not_found: Could not find page with ID: ${id}. Make sure the relevant pages and databases are shared with your integration.`,
    remedy: remedyFor('not_found'),
  };
}

const passed = (check: 'token_format' | 'auth', n: number): CheckResult => ({
  check,
  category: 'ok',
  origin: check === 'auth' ? 'notion' : 'client',
  ...(check === 'auth' ? { httpStatus: 200, latencyMs: 180, requestId: uuid(n) } : {}),
  message: check === 'auth' ? 'The token is valid (internal integration).' : 'The token is well formed.',
});

/** An integration whose token works but none of whose `targets` targets is shared. */
function failing(n: number, targets: number): IntegrationResult {
  return {
    name: `integration-${String(n).padStart(5, '0')}`,
    category: 'not_found',
    reason: 'object_not_found',
    tokenFingerprint: 'ntn_…wxyz',
    tokenType: 'internal',
    workspaceName: 'Acme Corporation',
    workspaceId: uuid(n + 3),
    tokenAgeDays: 120,
    checks: [
      passed('token_format', n),
      passed('auth', n),
      ...Array.from({ length: targets }, (_, t) => notFound(n * 10 + t)),
    ],
  };
}

const healthy = (n: number): IntegrationResult => {
  const { reason: _reason, ...rest } = failing(n, 0);
  return { ...rest, category: 'ok' };
};

function resultOf(integrations: IntegrationResult[]): HandlerResult {
  const report = buildReport({ startedAt: 0, finishedAt: 90_000, notionVersion: '2026-03-11', integrations });
  return { ...report, metrics: { ok: true, namespace: 'NotionMonitor', datums: 2_504, calls: 3 } };
}

describe('fitResult: what the handler returns stays under what Lambda can return', () => {
  it('2,500 integrations all failing with 5 targets each: under 5,000,000 bytes, summary and every name kept', () => {
    const full = resultOf(Array.from({ length: 2_500 }, (_, n) => failing(n, 5)));
    const fullBytes = bytes(full);
    expect(fullBytes).toBeGreaterThan(2 * MAX_RESULT_BYTES);

    const returned = fitResult(full, MAX_RESULT_BYTES, 'req-9');
    expect(bytes(returned)).toBeLessThan(5_000_000);
    expect(returned.summary).toEqual(full.summary);
    expect(returned.summary.not_found).toBe(2_500);
    expect(returned.integrations.map((i) => [i.name, i.category])).toEqual(
      full.integrations.map((i) => [i.name, i.category]),
    );
    expect(returned.metrics).toEqual(full.metrics);
    expect(returned.shortened).toMatchObject({ fullBytes, limitBytes: 5_000_000 });
    expect(returned.shortened?.dropped[0]).toBe('remedies');
    expect(returned.shortened?.seeTheRest).toContain(
      'filter requestId = "req-9" and message = "integration probed"',
    );
    expect(returned.remedies).toEqual({ not_found: remedyFor('not_found') });
    // Still every failing integration's deciding check: what failed and why.
    for (const i of returned.integrations) expect(i.checks[0]?.message).toMatch(/^404 from the Notion API/);
  });

  it('a result that fits is returned as it is, unmarked', () => {
    const full = resultOf([failing(1, 2), healthy(2)]);
    expect(fitResult(full, bytes(full))).toBe(full);
  });

  it('step by step: remedies once, then passed checks, then all but the deciding check, then every check', () => {
    const full = resultOf([failing(1, 3), healthy(2), failing(3, 3)]);
    const steps = (limit: number) => fitResult(full, limit);

    const first = steps(bytes(full) - 1);
    expect(first.shortened?.dropped).toEqual(['remedies']);
    expect(first.integrations.map((i) => i.checks.length)).toEqual([5, 2, 5]);
    expect(first.integrations.flatMap((i) => i.checks).filter((c) => c.remedy !== undefined)).toEqual([]);
    expect(first.remedies).toEqual({ not_found: remedyFor('not_found') });

    const second = steps(bytes(first) - 1);
    expect(second.shortened?.dropped).toEqual(['remedies', 'ok_checks']);
    expect(second.integrations.map((i) => i.checks.length)).toEqual([3, 0, 3]);

    const third = steps(bytes(second) - 1);
    expect(third.shortened?.dropped).toEqual(['remedies', 'ok_checks', 'other_checks']);
    expect(third.integrations.map((i) => i.checks.map((c) => c.target))).toEqual([
      [uuid(10)],
      [],
      [uuid(30)],
    ]);

    const fourth = steps(bytes(third) - 1);
    expect(fourth.shortened?.dropped).toEqual(['remedies', 'ok_checks', 'other_checks', 'all_checks']);
    expect(fourth.integrations.map((i) => [i.name, i.category, i.checks.length, i.workspaceName])).toEqual([
      ['integration-00001', 'not_found', 0, 'Acme Corporation'],
      ['integration-00002', 'ok', 0, 'Acme Corporation'],
      ['integration-00003', 'not_found', 0, 'Acme Corporation'],
    ]);
    for (const step of [first, second, third, fourth]) {
      expect(step.summary).toEqual(full.summary);
      expect(step.shortened?.omittedIntegrations).toBeUndefined();
    }
  });

  it('only past what names alone can fill: as many integrations as fit, failing ones first, the rest counted', () => {
    const full = resultOf([healthy(0), failing(1, 1), healthy(2), failing(3, 1), healthy(4)]);
    const allChecks = fitResult(full, bytes(fitResult(full, 1_000_000_000)) / 2);
    // Room for two of the shortened integrations (each about 270 bytes), not three.
    const room = bytes({ ...allChecks, integrations: [] }) + 560;
    const last = fitResult(full, room);
    expect(bytes(last)).toBeLessThanOrEqual(room);
    expect(last.shortened?.dropped.at(-1)).toBe('integrations');
    const names = last.integrations.map((i) => i.name);
    expect(names.slice(0, 2)).toEqual(['integration-00001', 'integration-00003']);
    expect(last.shortened?.omittedIntegrations).toBe(5 - names.length);
    expect(last.summary).toEqual(full.summary);
  });

  it('never over the limit, whatever the limit above the bare summary', () => {
    const full = resultOf(
      Array.from({ length: 30 }, (_, n) => (n % 3 === 0 ? healthy(n) : failing(n, n % 6))),
    );
    // The bare summary, metrics, remedies and note (with a limit of as many digits as those tried).
    const floor = bytes({ ...fitResult(full, 0), integrations: [] }) + String(bytes(full)).length;
    for (let limit = floor; limit < bytes(full); limit += 997) {
      const returned = fitResult(full, limit);
      expect(bytes(returned)).toBeLessThanOrEqual(limit);
      expect(returned.summary).toEqual(full.summary);
    }
  });
});
