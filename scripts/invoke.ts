/**
 * `npm run invoke -- EVENT [--stage NAME | --config FILE]`: runs the Lambda handler on this
 * machine the way the console's "Test" runs the deployed function: the config, namespace
 * and timeout the stack would give it, from the same stage file, with your AWS credentials
 * (or `AWS_ENDPOINT_URL`). The handler's return value is printed as JSON on stdout; its log
 * lines and any error go to stderr. Exit 0 when every integration is ok (and publishing, if
 * asked, worked), 1 when not or when the handler failed, 2 for bad usage or configuration.
 */
import { randomUUID } from 'node:crypto';
import { isAbsolute, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { lazyAwsClients } from '../functions/aws/lazy-clients.js';
import { EXIT } from '../functions/cli/exit-codes.js';
import { jsonErrorPosition } from '../functions/config/schema.js';
import { createHandler } from '../functions/handler/create-handler.js';
import { InvocationError } from '../functions/handler/invocation.js';
import { CONFIG_ENV, CONFIG_FILE_ENV, ConfigError, NAMESPACE_ENV } from '../functions/handler/load-config.js';
import { quoteIfSafe } from '../functions/shared/credential-like.js';
import { AppConfigError } from '../infra/app-config.js';
import { NotionMonitorPropsError } from '../infra/resolve-props.js';
import {
  createStageFileCommand,
  DEFAULT_STAGE,
  displayPath,
  stageFileExists,
  stageFilePath,
  stageNameProblem,
} from '../infra/stage-file.js';
import { readStageSettings } from '../infra/stage-settings.js';

const SYNOPSIS = 'npm run invoke -- EVENT [--stage NAME | --config FILE]';
const HELP = `usage: ${SYNOPSIS}
  EVENT          the test event as JSON, as the console sends it: '{"publishMetrics": false}'
                 (without "publishMetrics": false the run publishes to the stage's namespace)
  --stage NAME   use infra/config/NAME.json and the stage's namespace (default ${DEFAULT_STAGE})
  --config FILE  use this stage file instead (a CLI config with secretId tokens is one)
Prints the handler's return value as JSON on stdout, its log lines on stderr.
Exit 0: every integration ok; 1: some not ok, or the handler failed; 2: bad usage or configuration.
`;

/** Bad usage or configuration: nothing was invoked. */
class UsageError extends Error {
  override readonly name = 'UsageError';
}

type Env = Readonly<Record<string, string | undefined>>;

/** What to invoke: the event, the stage file and the stage it stands for. */
function readArguments(
  argv: readonly string[],
  env: Env,
): { event: unknown; path: string; stage: string } | 'help' {
  let parsed: ReturnType<typeof parseInvokeArgs>;
  try {
    parsed = parseInvokeArgs(argv);
  } catch (error) {
    // Node's text for an unknown option explains `--` at length; the option is what matters.
    const unknown = /^Unknown option '([^']+)'/.exec((error as Error).message)?.[1];
    if (unknown === undefined) throw new UsageError((error as Error).message);
    throw new UsageError(`unknown option ${quoteIfSafe(unknown) ?? '(not shown: it may hold a credential)'}`);
  }
  if (parsed.values.help) return 'help';
  const [text, ...extra] = parsed.positionals;
  if (text === undefined || extra.length > 0)
    throw new UsageError(`give one event, as JSON in single quotes: '{"publishMetrics": false}'`);
  let event: unknown;
  try {
    event = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`the event is not valid JSON${jsonErrorPosition(error, text)}`);
  }
  const stage = parsed.values.stage ?? DEFAULT_STAGE;
  const problem = stageNameProblem(stage);
  if (problem !== undefined) throw new UsageError(problem);
  const config = parsed.values.config;
  if (config !== undefined) {
    // npm runs scripts from the package root; a relative path is the user's, from where they typed it.
    const from = env.INIT_CWD ?? process.cwd();
    return { event, stage, path: isAbsolute(config) ? config : resolve(from, config) };
  }
  if (!stageFileExists(stage, env)) {
    throw new UsageError(
      `no stage file ${displayPath(stageFilePath(stage, env))}: create it (${createStageFileCommand(stage, env)}) and edit it, or pass --config FILE`,
    );
  }
  return { event, stage, path: stageFilePath(stage, env) };
}

function parseInvokeArgs(argv: readonly string[]) {
  return parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: { stage: { type: 'string' }, config: { type: 'string' }, help: { type: 'boolean' } },
  });
}

/** Runs one invocation; returns the exit code. */
export async function invoke(argv: readonly string[], env: Env): Promise<number> {
  const aws = lazyAwsClients();
  try {
    const args = readArguments(argv, env);
    if (args === 'help') {
      process.stdout.write(HELP);
      return EXIT.ok;
    }
    const { event, path, stage } = args;
    const { resolved } = readStageSettings(path, stage, `NotionMonitor-${stage}`, displayPath(path));
    const handler = createHandler({
      // What the stack puts in the function's environment.
      env: {
        ...env,
        [CONFIG_ENV]: JSON.stringify(resolved.config),
        [CONFIG_FILE_ENV]: undefined,
        [NAMESPACE_ENV]: resolved.namespace,
      },
      secretsManager: aws.secretsManager,
      cloudWatch: aws.cloudWatch,
      log: (entry) => {
        process.stderr.write(`${JSON.stringify({ timestamp: new Date().toISOString(), ...entry })}\n`);
      },
    });
    const endsAt = Date.now() + resolved.functionTimeout.toMilliseconds();
    const result = await handler(event, {
      getRemainingTimeInMillis: () => endsAt - Date.now(),
      awsRequestId: `local-${randomUUID()}`,
    });
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    const allOk = [...result.integrations, ...result.receivers].every((i) => i.category === 'ok');
    return allOk && result.metrics.ok ? EXIT.ok : EXIT.notOk;
  } catch (error) {
    const usage = [UsageError, AppConfigError, NotionMonitorPropsError, ConfigError, InvocationError].some(
      (type) => error instanceof type,
    );
    const { name, message } = error instanceof Error ? error : new Error(String(error));
    process.stderr.write(
      error instanceof UsageError
        ? `error: ${message}\nusage: ${SYNOPSIS} (--help for more)\n`
        : `${name}: ${message}\n`,
    );
    return usage ? EXIT.usage : EXIT.notOk;
  } finally {
    aws.destroy();
  }
}

process.exitCode = await invoke(process.argv.slice(2), process.env);
