import { parseArgs } from 'node:util';

/** What the command line asked for. */
export interface CliArgs {
  readonly help: boolean;
  readonly json: boolean;
  readonly config?: string;
  readonly deadlineSeconds: number;
  readonly publishMetrics: boolean;
  readonly namespace?: string;
}

/** The outcome of parsing argv: arguments or a usage error. */
export type ParsedArgs =
  | { readonly ok: true; readonly args: CliArgs }
  | { readonly ok: false; readonly error: string };

/** Shown by `--help`. */
export const USAGE = `Usage: npm start -- [options]

Probes Notion integrations and tells what is really wrong: token format, auth,
proxy, sharing, capabilities, rate limits, timeouts, network, server errors.

With no --config, runs the demo: a local Notion simulator with a built-in workspace.

Options:
  --config FILE        Probe the integrations in this JSON config file.
  --json               Print only the report JSON on stdout (diagnostics go to stderr).
  --deadline SECONDS   End unfinished checks as "timeout" after this long (default 60).
  --publish-metrics    Also publish the run's CloudWatch metrics (standard AWS credentials);
                       needs --config (the demo publishes nothing).
  --namespace NAME     CloudWatch namespace for --publish-metrics (default NotionMonitor).
  -h, --help           Show this help.

Tokens come from environment variables ({"env": "VAR"}) or from AWS Secrets Manager
({"secretId": "name-or-arn", "jsonKey"?: "field"}) with the standard AWS credential chain.

Exit codes: 0 every integration ok; 1 some integration not ok; 2 bad usage or configuration.
The demo exits 0 when every simulated fault was diagnosed as expected.`;

/** Parses argv (without node and script). Never throws. */
export function parseCliArgs(argv: readonly string[]): ParsedArgs {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(argv);
  } catch (error) {
    return { ok: false, error: (error as Error).message };
  }
  const { values } = parsed;
  const deadlineSeconds = values.deadline === undefined ? 60 : Number(values.deadline);
  if (!Number.isFinite(deadlineSeconds) || deadlineSeconds <= 0 || deadlineSeconds > 3600) {
    return {
      ok: false,
      error: `--deadline must be a number of seconds between 0 and 3600, got "${values.deadline}"`,
    };
  }
  if (values.namespace !== undefined && !values['publish-metrics']) {
    return { ok: false, error: '--namespace only makes sense with --publish-metrics' };
  }
  // Refused, not ignored: the demo's results are a simulated workspace's, not metrics of yours.
  if (values['publish-metrics'] && values.config === undefined) {
    return {
      ok: false,
      error:
        '--publish-metrics needs --config FILE: the demo probes a simulated workspace and publishes nothing',
    };
  }
  return {
    ok: true,
    args: {
      help: values.help ?? false,
      json: values.json ?? false,
      deadlineSeconds,
      publishMetrics: values['publish-metrics'] ?? false,
      ...(values.config !== undefined ? { config: values.config } : {}),
      ...(values.namespace !== undefined ? { namespace: values.namespace } : {}),
    },
  };
}

function parse(argv: readonly string[]) {
  return parseArgs({
    args: [...argv],
    strict: true,
    allowPositionals: false,
    options: {
      config: { type: 'string' },
      json: { type: 'boolean' },
      deadline: { type: 'string' },
      'publish-metrics': { type: 'boolean' },
      namespace: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
}
