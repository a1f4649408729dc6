import { describe, expect, it } from 'vitest';
import { remedyFor } from '../../functions/engine/remedies.js';
import { buildReport, summarize, worstCategory } from '../../functions/engine/report.js';
import { CATEGORIES, FAILURE_CATEGORIES } from '../../functions/shared/categories.js';

describe('worstCategory', () => {
  it('follows the documented order, worst first', () => {
    CATEGORIES.forEach((worse, i) => {
      for (const better of CATEGORIES.slice(i)) {
        expect(worstCategory([{ category: better }, { category: worse }])).toBe(worse);
      }
    });
  });
  it('is ok for no checks', () => {
    expect(worstCategory([])).toBe('ok');
  });
});

describe('buildReport', () => {
  it('counts integrations per category with zeros for the rest', () => {
    const summary = summarize([{ category: 'auth' }, { category: 'auth' }, { category: 'ok' }]);
    expect(summary.auth).toBe(2);
    expect(summary.ok).toBe(1);
    expect(Object.keys(summary)).toEqual([...CATEGORIES]);
    expect(summary.timeout).toBe(0);
  });
  it('stamps start time and duration', () => {
    const r = buildReport({ startedAt: 0, finishedAt: 1234.4, notionVersion: 'v', integrations: [] });
    expect(r).toMatchObject({ startedAt: '1970-01-01T00:00:00.000Z', durationMs: 1234, notionVersion: 'v' });
  });
});

describe('remedyFor', () => {
  it.each(FAILURE_CATEGORIES.map((c) => [c]))('has a runbook paragraph for %s', (category) => {
    expect(remedyFor(category).length).toBeGreaterThan(80);
  });
  it('tells a 401 to replay before rotating', () => {
    expect(remedyFor('auth')).toMatch(/replay.*Rotate or reconnect only after the replay fails/s);
  });
});
