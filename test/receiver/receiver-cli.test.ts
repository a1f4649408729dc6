import { afterEach, describe, expect, it } from 'vitest';
import { EXIT, runCli } from '../../functions/cli/run-cli.js';
import { createHttpRequest } from '../../functions/engine/http-request.js';
import type { ProbeReport } from '../../functions/engine/report.js';
import { startWebhookReceiver, type WebhookReceiver } from '../../functions/simulator/webhook-receiver.js';
import { writeConfig } from '../support/config-file.js';

const TOKEN = 'whkZp4Lq8TnV2xR7mC3bK9sW5dH1gF6jE0aUyNo';
const started: WebhookReceiver[] = [];
afterEach(async () => {
  for (const r of started.splice(0)) await r.close();
});

async function run(argv: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, {
    stdout: (t) => {
      stdout += t;
    },
    stderr: (t) => {
      stderr += t;
    },
    env: { VERIFY: TOKEN },
    request: createHttpRequest({ env: {} }),
  });
  return { code, stdout, stderr };
}

describe('the CLI with a config of receivers only', () => {
  it('prints the receivers section and exits 1 when one fails; --json carries receivers', async () => {
    const ok = await startWebhookReceiver('verifies', TOKEN);
    const gateway = await startWebhookReceiver('gateway_401', TOKEN);
    started.push(ok, gateway);
    const config = await writeConfig({
      timeoutMs: 2000,
      receivers: [
        { name: 'hooks-ok', url: ok.url, verificationToken: { env: 'VERIFY' } },
        { name: 'hooks-gw', url: gateway.url, verificationToken: { env: 'VERIFY' } },
      ],
    });
    const table = await run(['--config', config]);
    expect(table.code).toBe(EXIT.notOk);
    expect(table.stdout).toContain('0 integrations and 2 webhook receivers probed');
    expect(table.stdout).toMatch(/hooks-ok\s+ok\s+-\s+receiver/);
    expect(table.stdout).toMatch(/hooks-gw\s+receiver_rejected\s+gateway_missing_auth\s+api_gateway/);
    expect(table.stdout).toContain('Summary: receiver_rejected 1, ok 1');
    expect(table.stdout).not.toContain(TOKEN.slice(4, 12));

    const json = await run(['--config', config, '--json']);
    const report = JSON.parse(json.stdout) as ProbeReport;
    expect(report.integrations).toEqual([]);
    expect(report.receivers.map((r) => [r.name, r.category, r.reason])).toEqual([
      ['hooks-ok', 'ok', undefined],
      ['hooks-gw', 'receiver_rejected', 'gateway_missing_auth'],
    ]);
  });

  it('exits 0 when every receiver is ok, and 2 for an http URL off loopback', async () => {
    const ok = await startWebhookReceiver('verifies', TOKEN);
    started.push(ok);
    const good = await writeConfig({
      receivers: [{ name: 'h', url: ok.url, verificationToken: { env: 'VERIFY' } }],
    });
    expect((await run(['--config', good])).code).toBe(EXIT.ok);
    const bad = await writeConfig({
      receivers: [{ name: 'h', url: 'http://hooks.example.com/', verificationToken: { env: 'VERIFY' } }],
    });
    const refused = await run(['--config', bad]);
    expect(refused.code).toBe(EXIT.usage);
    expect(refused.stderr).toContain('receivers[0].url: url must be https');
  });
});
