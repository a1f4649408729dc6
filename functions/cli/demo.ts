import { parseConfig } from '../config/schema.js';
import { createHttpRequest } from '../engine/http-request.js';
import type { Category, TargetKind } from '../shared/categories.js';
import { NotionSimulator } from '../simulator/notion-simulator.js';
import { type ReceiverBehaviour, startWebhookReceiver } from '../simulator/webhook-receiver.js';
import type { CliArgs } from './args.js';
import type { CliIo } from './cli-io.js';
import { probe } from './cli-probe.js';
import { emit } from './emit.js';
import { EXIT } from './exit-codes.js';

const WORKSPACE_ID = '1f0c9a1e-7b7d-4c3e-9f55-3c1a2b4d5e6f';
const PAGE = '59833787-2cf9-4fdf-8782-e53db20768a5';
const DATABASE = '668d797c-76fa-4934-9b05-ad288df2d136';
const DATA_SOURCE = 'b2e6a4c0-9d1f-4e8a-8c3b-7f5d2e1a0b9c';
const UNSHARED_PAGE = '0a8b6c4d-2e1f-4a3b-9c8d-7e6f5a4b3c2d';
const RESTRICTED_DB = 'c0ffee00-1234-4abc-8def-0123456789ab';

/** Demo tokens are fake and only valid against the local simulator. */
const TOKENS = {
  healthy: 'ntn_demoHealthydcAaG9MaDi5drvgYHby9yBSjKCvckC1',
  revoked: 'ntn_demoRevokedmSjy3SiHGFwZEgtrVq2Wsvcfe4QSLm2',
  newline: 'ntn_demoNewlineK7pQ2vX9mR4tW8zB6nJ3cY5hL1dF0003\n',
  unshared: 'ntn_demoUnsharedphQ8bLFdeKaSniCK2bmUEy3zithCs4',
  restricted: 'ntn_demoRestrictDqj3vUupsj7VnwnbrNUweexzkCBcN5',
  limited: 'ntn_demoLimitedsg4n7cXgtddDBnsQGpb5k4SkrxE7dz6',
  slow: 'ntn_demoSlowGazieJHHAbrnzqLLtuhZLQtKSsy26hDBGaz7',
  proxied: 'ntn_demoProxied6ZvqsdUQ5eJq2QYyxUsVKiAj4t5u3q8',
} as const;

interface DemoIntegration {
  readonly name: string;
  readonly token: keyof typeof TOKENS;
  readonly expected: Category;
  readonly targets?: readonly { kind: TargetKind; id: string; label: string }[];
}

/** What the demo workspace holds and what the probe must say about each integration. */
export const DEMO_INTEGRATIONS: readonly DemoIntegration[] = [
  {
    name: 'healthy-sync',
    token: 'healthy',
    expected: 'ok',
    targets: [
      { kind: 'page', id: PAGE, label: 'Roadmap' },
      { kind: 'database', id: DATABASE, label: 'Tasks' },
      { kind: 'data_source', id: DATA_SOURCE, label: 'Tasks data' },
    ],
  },
  { name: 'revoked-bot', token: 'revoked', expected: 'auth' },
  { name: 'newline-token', token: 'newline', expected: 'config' },
  {
    name: 'unshared-page',
    token: 'unshared',
    expected: 'not_found',
    targets: [{ kind: 'page', id: UNSHARED_PAGE, label: 'Launch plan' }],
  },
  {
    name: 'no-capability',
    token: 'restricted',
    expected: 'forbidden',
    targets: [{ kind: 'database', id: RESTRICTED_DB, label: 'Finance' }],
  },
  { name: 'rate-limited', token: 'limited', expected: 'rate_limited' },
  { name: 'slow-notion', token: 'slow', expected: 'timeout' },
  { name: 'behind-proxy', token: 'proxied', expected: 'proxy_auth' },
];

/** The demo's webhook receivers: loopback stand-ins for what sits at a team's webhook URL. */
export const DEMO_RECEIVERS: readonly {
  readonly name: string;
  readonly behaviour: ReceiverBehaviour;
  readonly verificationToken: string;
  readonly expected: Category;
}[] = [
  {
    name: 'hooks-behind-gateway',
    behaviour: 'gateway_401',
    verificationToken: 'secret_demoGw7Hq2LxV9mRt4ZkP8cJ3wN6bYs1FdQ5aE0uKo',
    expected: 'receiver_rejected',
  },
  {
    name: 'hooks-unverified',
    behaviour: 'accepts_forged',
    verificationToken: 'secret_demoNv3Tz8QpK1yWc6HmB4xR9gLs2DfJ7aE5uVo0i',
    expected: 'receiver_insecure',
  },
];

const DEMO_TIMEOUT_MS = 1500;

function envName(key: string): string {
  return `DEMO_TOKEN_${key.toUpperCase()}`;
}

function receiverEnvName(name: string): string {
  return `DEMO_VERIFY_${name.toUpperCase().replaceAll('-', '_')}`;
}

/** Starts the simulator with the demo workspace and its faults. */
export async function startDemoSimulator(): Promise<NotionSimulator> {
  const shared = { workspaceName: 'Acme', workspaceId: WORKSPACE_ID };
  const sim = new NotionSimulator({
    integrations: [
      { token: TOKENS.healthy, ...shared, pages: [PAGE], databases: [DATABASE], dataSources: [DATA_SOURCE] },
      { token: TOKENS.newline.trim(), ...shared },
      { token: TOKENS.unshared, ...shared, pages: [PAGE] },
      { token: TOKENS.restricted, ...shared, restricted: [RESTRICTED_DB] },
      { token: TOKENS.limited, ...shared },
      { token: TOKENS.slow, ...shared },
      { token: TOKENS.proxied, ...shared },
    ],
    faults: [
      {
        token: TOKENS.limited,
        fault: { type: 'rate_limited', retryAfter: '30', reason: 'public_api_request_rate_limit' },
      },
      { token: TOKENS.slow, fault: { type: 'hang' } },
      { token: TOKENS.proxied, fault: { type: 'html', status: 401 } },
    ],
  });
  await sim.start();
  return sim;
}

/** The demo's monitor config and the environment holding its tokens. */
export function demoConfig(
  baseUrl: string,
  receiverUrls: readonly string[] = [],
): { config: unknown; env: Record<string, string> } {
  return {
    config: {
      receivers: DEMO_RECEIVERS.flatMap((r, i) =>
        receiverUrls[i] === undefined
          ? []
          : [{ name: r.name, url: receiverUrls[i], verificationToken: { env: receiverEnvName(r.name) } }],
      ),
      notionBaseUrl: baseUrl,
      timeoutMs: DEMO_TIMEOUT_MS,
      integrations: DEMO_INTEGRATIONS.map((i) => ({
        name: i.name,
        token: { env: envName(i.token) },
        expect: { workspaceName: 'Acme', tokenType: 'internal' },
        ...(i.targets ? { targets: i.targets } : {}),
      })),
    },
    env: Object.fromEntries([
      ...Object.entries(TOKENS).map(([k, v]) => [envName(k), v]),
      ...DEMO_RECEIVERS.map((r) => [receiverEnvName(r.name), r.verificationToken]),
    ]),
  };
}

/** `npm start` with no config: probe the simulated workspace and show the diagnosis. */
export async function runDemo(args: CliArgs, io: CliIo): Promise<number> {
  const sim = await startDemoSimulator();
  const receivers = await Promise.all(
    DEMO_RECEIVERS.map((r) => startWebhookReceiver(r.behaviour, r.verificationToken)),
  );
  try {
    const { config, env } = demoConfig(
      sim.url,
      receivers.map((r) => r.url),
    );
    const parsed = parseConfig(config);
    if (!parsed.ok) throw new Error(`demo config is invalid: ${parsed.problems.join('; ')}`);
    if (!args.json) {
      io.stderr(
        `Demo: probing a simulated Notion workspace at ${sim.url} (use --config FILE for real integrations)\n\n`,
      );
    }
    // The simulator runs in this process: a proxy of the machine's (HTTP_PROXY) has no say.
    const request = io.request ?? createHttpRequest({ env: {} });
    const report = await probe(parsed.config, args.deadlineSeconds, {
      ...io,
      env: { ...io.env, ...env },
      request,
    });
    emit(report, args.json, io);
    const wrong = [
      ...DEMO_INTEGRATIONS.filter(
        (d) => report.integrations.find((i) => i.name === d.name)?.category !== d.expected,
      ),
      ...DEMO_RECEIVERS.filter(
        (d) => report.receivers.find((r) => r.name === d.name)?.category !== d.expected,
      ),
    ];
    if (wrong.length > 0) {
      io.stderr(`\nDemo self-check FAILED for: ${wrong.map((w) => w.name).join(', ')}\n`);
      return EXIT.notOk;
    }
    if (!args.json) io.stderr('\nDemo self-check passed: every simulated fault was diagnosed as expected.\n');
    return EXIT.ok;
  } finally {
    await Promise.all([sim.close(), ...receivers.map((r) => r.close())]);
  }
}
