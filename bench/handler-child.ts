/**
 * Runs the Lambda handler once in a fresh process, with env tokens and CloudWatch on the
 * given loopback endpoint, and prints what it cost: wall time, peak RSS, the summary,
 * whether metrics were published, and the size of the return value. Bundled by the
 * benchmark and run with plain `node` and the construct's Node flags.
 */
import { readFileSync } from 'node:fs';
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { createHandler } from '../functions/handler/create-handler.js';
import { awsEndpointClientConfig } from '../functions/simulator/aws-endpoint.js';

const file = process.argv[2];
if (file === undefined) throw new Error('usage: handler-child INPUT.json');
const input = JSON.parse(readFileSync(file, 'utf8')) as {
  config: unknown;
  env: Record<string, string>;
  awsUrl: string;
};
let logBytes = 0;
const handler = createHandler({
  env: { ...input.env, NOTION_MONITOR_CONFIG: JSON.stringify(input.config) },
  secretsManager: () => new SecretsManagerClient(awsEndpointClientConfig(input.awsUrl)),
  cloudWatch: () => new CloudWatchClient(awsEndpointClientConfig(input.awsUrl)),
  log: (entry) => {
    logBytes += JSON.stringify(entry).length;
  },
});
async function main(): Promise<void> {
  const started = performance.now();
  const result = await handler({}, { getRemainingTimeInMillis: () => 600_000 });
  const wallMs = performance.now() - started;
  process.stdout.write(
    JSON.stringify({
      wallMs,
      maxRssKb: process.resourceUsage().maxRSS,
      summary: result.summary,
      integrations: result.integrations.length,
      published: result.metrics.ok,
      returnBytes: Buffer.byteLength(JSON.stringify(result)),
      logBytes,
    }),
  );
}

// CommonJS (the AWS SDK is bundled in and requires node: modules dynamically): no top-level await.
void main();
