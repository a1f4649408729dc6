import { type ParseArgsConfig, parseArgs } from 'node:util';
import { looksLikeCredential, quoteIfSafe } from '../shared/credential-like.js';
import { isCustomNamespace, STAGE_NAME, stageNamespace } from '../shared/metrics.js';
import { nearestName } from '../shared/nearest-name.js';

/** What the command line asked for. */
export interface CliArgs {
  readonly help: boolean;
  readonly json: boolean;
  readonly config?: string;
  readonly deadlineSeconds: number;
  readonly publishMetrics: boolean;
  /** Where `--publish-metrics` publishes: `--namespace`, or the namespace of `--stage`. */
  readonly namespace?: string;
}

/** The outcome of parsing argv: arguments or a usage error. */
export type ParsedArgs =
  | { readonly ok: true; readonly args: CliArgs }
  | { readonly ok: false; readonly error: string };

/** Shown by `--help`. */
export const USAGE = `Usage: npx notion-monitor [options]     (or: npm start -- [options])

Probes Notion integrations and tells what is really wrong: token format, auth,
proxy, sharing, capabilities, rate limits, timeouts, network, server errors.

With no --config, runs the demo: a local Notion simulator with a built-in workspace.

Options:
  --config FILE        Probe the integrations in this JSON config file (a relative path
                       is read from the directory you run the command in).
  --json               Print only the report JSON on stdout (diagnostics go to stderr).
  --deadline SECONDS   End unfinished checks as "timeout" after this long (default 60).
  --publish-metrics    Also publish the run's CloudWatch metrics (standard AWS credentials);
                       needs --config (the demo publishes nothing).
  --stage NAME         With --publish-metrics: publish to the namespace of the deployed
                       stage NAME (NotionMonitor/NAME), so its alarms see the run.
  --namespace NAME     With --publish-metrics: publish to this namespace instead
                       (default NotionMonitor).
  -h, --help           Show this help.

Tokens come from environment variables ({"env": "VAR"}) or from AWS Secrets Manager
({"secretId": "name-or-arn", "jsonKey"?: "field"}) with the standard AWS credential chain.

Exit codes: 0 every integration ok; 1 some integration not ok; 2 bad usage or configuration.
The demo exits 0 when every simulated fault was diagnosed as expected.`;

/** Printed after a usage error, instead of the whole usage text. */
export const HELP_POINTER = 'Run with --help for the options.';

const OPTIONS = {
  config: { type: 'string' },
  json: { type: 'boolean' },
  deadline: { type: 'string' },
  'publish-metrics': { type: 'boolean' },
  stage: { type: 'string' },
  namespace: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const satisfies ParseArgsConfig['options'];

/** Parses argv (without node and script). Never throws. */
export function parseCliArgs(argv: readonly string[]): ParsedArgs {
  let values: ReturnType<typeof parse>['values'];
  try {
    values = parse(argv).values;
  } catch (error) {
    return { ok: false, error: usageError(error, argv) };
  }
  const deadlineSeconds = values.deadline === undefined ? 60 : Number(values.deadline);
  if (!Number.isFinite(deadlineSeconds) || deadlineSeconds <= 0 || deadlineSeconds > 3600) {
    return {
      ok: false,
      error: `--deadline must be a number of seconds between 0 and 3600, got ${shown(values.deadline ?? '')}`,
    };
  }
  const namespace = namespaceOf(values);
  if (!namespace.ok) return namespace;
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
      ...(namespace.namespace !== undefined ? { namespace: namespace.namespace } : {}),
    },
  };
}

/** The namespace `--stage` or `--namespace` names, checked against `--publish-metrics` and each other. */
function namespaceOf(
  values: ReturnType<typeof parse>['values'],
): { readonly ok: true; readonly namespace?: string } | { readonly ok: false; readonly error: string } {
  const { stage, namespace } = values;
  for (const [flag, value] of [
    ['--stage', stage],
    ['--namespace', namespace],
  ] as const) {
    if (value !== undefined && !values['publish-metrics'])
      return { ok: false, error: `${flag} only makes sense with --publish-metrics` };
  }
  if (stage !== undefined && namespace !== undefined)
    return { ok: false, error: '--stage and --namespace both name the namespace: give one of them' };
  if (stage === undefined) {
    if (namespace === undefined) return { ok: true };
    // Checked here, never quoted back: a token pasted as the namespace must not be echoed or published.
    if (looksLikeCredential(namespace) || !isCustomNamespace(namespace))
      return {
        ok: false,
        error: `--namespace ${quoteIfSafe(namespace) ?? '(not shown: it may hold a credential)'} is not a custom CloudWatch namespace: 1 to 255 letters, digits and . _ - / # :, not under AWS/`,
      };
    return { ok: true, namespace };
  }
  if (!STAGE_NAME.test(stage))
    return {
      ok: false,
      error: '--stage must be a stage name as deployed: a letter, then up to 30 letters, digits and dashes',
    };
  return { ok: true, namespace: stageNamespace(stage) };
}

function parse(argv: readonly string[]) {
  return parseArgs({ args: [...argv], strict: true, allowPositionals: false, options: OPTIONS });
}

/**
 * One line saying what is wrong with the command line. An unknown option or a stray
 * argument is named only when it cannot be a token (a token pasted onto the command line
 * must not be printed back), with the option it is a typo of when there is one.
 */
function usageError(error: unknown, argv: readonly string[]): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code !== 'ERR_PARSE_ARGS_UNKNOWN_OPTION' && code !== 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL')
    return (error as Error).message;
  const { tokens } = parseArgs({
    args: [...argv],
    strict: false,
    allowPositionals: true,
    tokens: true,
    options: OPTIONS,
  });
  for (const token of tokens) {
    if (token.kind === 'option' && !Object.hasOwn(OPTIONS, token.name)) {
      const meant = token.rawName.startsWith('--')
        ? nearestName(token.name, Object.keys(OPTIONS))
        : undefined;
      return `unknown option ${shown(token.rawName)}${meant === undefined ? '' : ` (did you mean --${meant}?)`}`;
    }
    if (token.kind === 'positional')
      return `unexpected argument ${shown(token.value)}: every option starts with --, and a config file goes after --config`;
  }
  return (error as Error).message;
}

const shown = (text: string) => quoteIfSafe(text) ?? '(not shown: it may hold a credential)';
