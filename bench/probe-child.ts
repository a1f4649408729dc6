/**
 * Runs one probe in a fresh process and prints what it cost: wall time, peak RSS and the
 * categories. Bundled by the benchmark and run with plain `node`, so the RSS measured is
 * the engine's, not a TypeScript loader's.
 */
import { readFileSync } from 'node:fs';
import { parseConfig } from '../functions/config/schema.js';
import { runProbe } from '../functions/engine/probe.js';
import { createTokenResolver } from '../functions/tokens/env-tokens.js';

const file = process.argv[2];
if (file === undefined) throw new Error('usage: probe-child CONFIG.json');
const { config, env } = JSON.parse(readFileSync(file, 'utf8')) as {
  config: unknown;
  env: Record<string, string>;
};
const parsed = parseConfig(config);
if (!parsed.ok) throw new Error(parsed.problems.join('\n'));
const started = performance.now();
const report = await runProbe(parsed.config, { resolveTokens: createTokenResolver({ env }) });
const wallMs = performance.now() - started;
process.stdout.write(
  JSON.stringify({ wallMs, maxRssKb: process.resourceUsage().maxRSS, summary: report.summary }),
);
