// The README's command-line block, run exactly as written: each line through `sh -c`, from a
// folder inside the clone holding the `monitor.json` the commands name (so a relative
// --config is read from where the user stands), with the AWS SDK's Node-version switch unset
// (the CLI must keep its own output clean).
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProbeReport } from '../../functions/engine/report.js';
import { stageNamespace } from '../../functions/shared/metrics.js';
import { type AwsEndpoint, startAwsEndpoint } from '../../functions/simulator/aws-endpoint.js';
import { NotionSimulator } from '../../functions/simulator/notion-simulator.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const README = readFileSync(join(ROOT, 'README.md'), 'utf8');
const TOKEN = 'ntn_readmeCommandsQ7fDh9yidTgSCiNEVf7b33BF';
const PAGE = '59833787-2cf9-4fdf-8782-e53db20768a5';

/** The lines of the first `sh` block under the README's command-line heading. */
function readmeCommands(): string[] {
  const section = README.split('\n## Running the probe from your machine or CI\n')[1] ?? '';
  const block = /```sh\n([\s\S]*?)```/.exec(section)?.[1] ?? '';
  return block.split('\n').filter((line) => line.trim() !== '');
}

interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

function sh(line: string, cwd: string, env: NodeJS.ProcessEnv): Promise<Run> {
  return new Promise((resolve) => {
    execFile('sh', ['-c', line], { cwd, env, timeout: 60_000 }, (error, stdout, stderr) => {
      const code = error === null ? 0 : typeof error.code === 'number' ? error.code : -1;
      resolve({ code, stdout, stderr });
    });
  });
}

/** The flags of a command line (its words before a `#` comment). */
const wordsOf = (line: string) => (line.split('#')[0] ?? '').trim().split(/\s+/);
const valueAfter = (words: readonly string[], flag: string) => words[words.indexOf(flag) + 1];

let sim: NotionSimulator;
let aws: AwsEndpoint;
let userDir: string;
let env: NodeJS.ProcessEnv;

beforeAll(async () => {
  sim = new NotionSimulator({ integrations: [{ token: TOKEN, pages: [PAGE] }] });
  await sim.start();
  aws = await startAwsEndpoint({ secrets: [] });
  // A folder inside the clone that neither git nor Biome looks at.
  await mkdir(join(ROOT, 'node_modules', '.cache'), { recursive: true });
  userDir = await mkdtemp(join(ROOT, 'node_modules', '.cache', 'readme-commands-'));
  await writeFile(
    join(userDir, 'monitor.json'),
    JSON.stringify({
      notionBaseUrl: sim.url,
      integrations: [{ name: 'sync', token: { env: 'NOTION_TOKEN' }, targets: [{ kind: 'page', id: PAGE }] }],
    }),
  );
  env = {
    ...process.env,
    NOTION_TOKEN: TOKEN,
    AWS_ENDPOINT_URL_CLOUDWATCH: aws.url,
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'AKIDTEST',
    AWS_SECRET_ACCESS_KEY: 'test',
  };
  delete env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED;
});

afterAll(async () => {
  await sim?.close();
  await aws?.close();
  if (userDir !== undefined) await rm(userDir, { recursive: true, force: true });
});

describe("the README's command-line block, run as written from a folder inside the clone", () => {
  const commands = readmeCommands();

  it('shows the machine-readable form and the stage form', () => {
    expect(commands.filter((c) => wordsOf(c).includes('--json')).length).toBeGreaterThanOrEqual(2);
    expect(commands.some((c) => wordsOf(c).includes('--stage'))).toBe(true);
  });

  it.each(commands)('%s', async (line) => {
    const words = wordsOf(line);
    const datumsBefore = aws.datums.length;
    const run = await sh(line, userDir, env);
    expect(run.stderr).not.toMatch(/warning/i);
    expect(`${run.stdout}${run.stderr}`).not.toContain(TOKEN);
    expect(run.code, run.stderr).toBe(0);
    if (words.includes('--help')) {
      expect(run.stdout).toMatch(/^Usage: /);
    } else if (words.includes('--json')) {
      // Only the report on stdout: JSON.parse takes all of it.
      const report = JSON.parse(run.stdout) as ProbeReport;
      expect(report.summary.ok).toBe(1);
      expect(report.integrations.map((i) => i.name)).toEqual(['sync']);
    } else {
      expect(run.stdout).toMatch(/sync\s+ok\s/);
    }
    if (words.includes('--publish-metrics')) {
      const stage = valueAfter(words, '--stage');
      const namespace = stage === undefined ? valueAfter(words, '--namespace') : stageNamespace(stage);
      const published = aws.datums.slice(datumsBefore);
      expect(published.length).toBeGreaterThan(0);
      expect(new Set(published.map((d) => d.namespace))).toEqual(new Set([namespace]));
      expect(run.stderr).toContain(`CloudWatch namespace ${namespace}`);
    } else expect(aws.datums.length).toBe(datumsBefore);
  });
});
