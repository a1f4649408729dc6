/**
 * `npm run bench` (add `-- --json` for JSON, `-- --small` for the seconds-long CI size).
 * Prints each measurement beside its goal.
 */
import { type BenchResult, FULL, GOALS, runBench, SMALL } from './bench.js';

const json = process.argv.includes('--json');
const small = process.argv.includes('--small');
const result = await runBench(small ? SMALL : FULL, (s) => process.stderr.write(`… ${s}\n`));
process.stdout.write(json ? `${JSON.stringify(result, null, 2)}\n` : render(result));

function mark(ok: boolean): string {
  return ok ? 'yes' : 'NO';
}

/** The Markdown table committed to the README. */
export function render(r: BenchResult): string {
  const p = r.probe;
  const rows: string[][] = [
    [
      'Probe time',
      `${p.integrations} integrations × ${p.targets} targets, ${p.latencyMs} ms per request: engine ${p.engineMs} ms, limit ${p.limitMs} ms, ratio ${p.ratio}`,
      `ratio ≤ ${GOALS.ratio}`,
      mark(p.ratio <= GOALS.ratio),
    ],
  ];
  if (p.sequentialMs !== undefined && p.speedup !== undefined) {
    rows.push([
      'Sequential script',
      `${p.sequentialMs} ms; engine speedup ${p.speedup}×`,
      `≥ ${GOALS.speedup}×`,
      mark(p.speedup >= GOALS.speedup),
    ]);
  }
  const q = r.requests;
  rows.push([
    'Requests',
    `${q.sent} sent, minimum ${q.minimum}; per live integration ${q.perIntegrationLive} (1 + targets), per dead token ${q.perIntegrationDead} (${q.deadTokens} dead)`,
    'exactly the minimum',
    mark(q.sent === q.minimum),
  ]);
  for (const s of r.scale) {
    rows.push([
      `Scale ${s.integrations}`,
      `${s.requests} requests in ${s.wallMs} ms (limit ${s.limitMs} ms), peak RSS ${s.peakRssMb} MB`,
      s.integrations === 1000 ? `RSS < ${GOALS.rssMb} MB` : 'linear',
      s.integrations === 1000 ? mark(s.peakRssMb < GOALS.rssMb) : '-',
    ]);
  }
  const c = r.coldStart;
  rows.push([
    'Bundle',
    `${(c.bundleBytes / 1024).toFixed(1)} KB (AWS SDK from the Lambda runtime)`,
    `< ${GOALS.bundleKb} KB`,
    mark(c.bundleBytes < GOALS.bundleKb * 1024),
  ]);
  if (c.moduleInitMs !== undefined) {
    rows.push([
      'Cold start',
      `module init ${c.moduleInitMs} ms above bare Node (median ${c.initMedianMs} vs ${c.bareMedianMs} ms)`,
      `< ${GOALS.initMs} ms`,
      mark(c.moduleInitMs < GOALS.initMs),
    ]);
  }
  for (const h of r.hostile) {
    rows.push([
      `Hostile: ${h.name}`,
      `full report (${h.integrations} integrations), metrics ${h.published ? 'published' : 'NOT published'}, peak RSS ${h.peakRssMb} MB, return ${(h.returnBytes / 1e6).toFixed(2)} MB`,
      `RSS < ${GOALS.hostileRssMb} MB (256 MB flags)`,
      mark(h.published && h.peakRssMb < GOALS.hostileRssMb),
    ]);
  }
  if (r.auth) {
    const { ok, failing, ratio } = r.auth;
    rows.push([
      `Failing is not slower`,
      `${failing.name}: ${failing.wallMs} ms; ${ok.name}: ${ok.wallMs} ms; ratio ${ratio} (peak RSS ${failing.peakRssMb} / ${ok.peakRssMb} MB); return ${(failing.returnBytes / 1e6).toFixed(2)} MB`,
      `ratio ≤ ${GOALS.authRatio}; return < ${GOALS.returnBytes / 1e6} MB`,
      mark(ratio <= GOALS.authRatio && failing.returnBytes < GOALS.returnBytes),
    ]);
  }
  const a = r.aws;
  rows.push([
    'AWS calls',
    `${a.secrets} secrets: ${a.secretsCalls} BatchGetSecretValue (⌈${a.secrets}/20⌉ = ${a.secretsCallsExpected}); ${a.datums} datums: ${a.putMetricDataCalls} PutMetricData (⌈${a.datums}/1000⌉ = ${a.putMetricDataCallsExpected})`,
    'exactly those',
    mark(a.secretsCalls === a.secretsCallsExpected && a.putMetricDataCalls === a.putMetricDataCallsExpected),
  ]);
  return `Machine: ${r.machine}\n\n| measure | result | goal | met |\n|---|---|---|---|\n${rows.map((row) => `| ${row.join(' | ')} |`).join('\n')}\n`;
}
