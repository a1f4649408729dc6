import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseConfigText } from '../../functions/config/schema.js';
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

  it('shows a sample config the schema accepts, with a workspaceId of the right shape', () => {
    const section = README.slice(README.indexOf('### The config file'));
    const sample = /```json\n([\s\S]*?)\n```/.exec(section)?.[1];
    expect(sample, 'the config file section has a json block').toBeDefined();
    const parsed = parseConfigText(sample ?? '', 'README.md');
    expect(parsed.ok ? [] : parsed.problems).toEqual([]);
    const ids = parsed.ok ? parsed.config.integrations.map((i) => i.expect?.workspaceId) : [];
    expect(ids).toContain('1f0c9a1e-7b7d-4c3e-9f55-3c1a2b4d5e6f');
  });

  it('gives the test command CI runs', () => {
    expect(README).toContain('npm test');
    expect(readFileSync(new URL('../../.ci/run', import.meta.url), 'utf8')).toMatch(/npm ci[\s\S]*npm test/);
  });
});
