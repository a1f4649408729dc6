/**
 * Child process for the resilience tests: runs the real handler (real SDK clients against
 * the fake AWS endpoint, real Notion client against the simulator, both in the parent)
 * RUNS times in one process, like a warm Lambda, and reports handles and heap.
 */
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { createHandler } from '../../functions/handler/create-handler.js';

const { RUNS, AWS_URL, CONFIG, REMAINING_MS, MARGIN_MS } = process.env;
const runs = Number(RUNS ?? '1');
const aws = {
  endpoint: AWS_URL ?? '',
  region: 'us-east-1',
  credentials: { accessKeyId: 'AKIDTEST', secretAccessKey: 'test' },
};
let secrets: SecretsManagerClient | undefined;
let cloudWatch: CloudWatchClient | undefined;
const handler = createHandler({
  env: { NOTION_MONITOR_CONFIG: CONFIG },
  secretsManager: () => {
    secrets ??= new SecretsManagerClient(aws);
    return secrets;
  },
  cloudWatch: () => {
    cloudWatch ??= new CloudWatchClient(aws);
    return cloudWatch;
  },
  log: () => {},
  safetyMarginMs: Number(MARGIN_MS ?? '5000'),
});

const gc = (globalThis as { gc?: () => void }).gc;
function snapshot() {
  gc?.();
  return { resources: process.getActiveResourcesInfo(), heapUsed: process.memoryUsage().heapUsed };
}

const samples: { run: number; resources: string[]; heapUsed: number }[] = [];
const durations: number[] = [];
let last: unknown;
for (let i = 1; i <= runs; i++) {
  const started = performance.now();
  last = await handler({}, { getRemainingTimeInMillis: () => Number(REMAINING_MS ?? '60000') });
  durations.push(performance.now() - started);
  if (i === Math.min(50, runs) || i === runs) samples.push({ run: i, ...snapshot() });
}
process.stdout.write(JSON.stringify({ samples, durations, last }));
