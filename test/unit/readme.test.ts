import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { remedyFor } from '../../functions/engine/remedies.js';
import { CATEGORIES, FAILURE_CATEGORIES } from '../../functions/shared/categories.js';
import { METRICS } from '../../functions/shared/metrics.js';

const README = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');

describe('the README tells the truth', () => {
  it('lists every category and every metric', () => {
    for (const c of CATEGORIES) expect(README).toContain(`\`${c}\``);
    for (const m of Object.values(METRICS)) expect(README).toContain(`\`${m}\``);
  });

  it('carries each category remedy exactly as the code does', () => {
    for (const c of FAILURE_CATEGORIES) expect(README).toContain(`| \`${c}\` | ${remedyFor(c)} |`);
  });

  it('gives the test command CI runs', () => {
    expect(README).toContain('npm test');
    expect(readFileSync(new URL('../../.ci/run', import.meta.url), 'utf8')).toMatch(/npm ci[\s\S]*npm test/);
  });
});
