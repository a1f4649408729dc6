import { type MonitorConfig, parseConfigText } from '../config/schema.js';
import type { ProbeReport } from '../engine/report.js';
import { type CliArgs, HELP_POINTER, parseCliArgs, USAGE } from './args.js';
import type { CliAwsAdapters, CliIo } from './cli-io.js';
import { probe } from './cli-probe.js';
import { readConfigFile, resolveConfigPath } from './config-file.js';
import { emit } from './emit.js';
import { EXIT } from './exit-codes.js';

export { EXIT } from './exit-codes.js';

/** Runs the command line; returns the exit code. Never throws for bad input. */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const parsed = parseCliArgs(argv);
  if (!parsed.ok) {
    io.stderr(`error: ${parsed.error}\n${HELP_POINTER}\n`);
    return EXIT.usage;
  }
  const { args } = parsed;
  if (args.help) {
    io.stdout(`${USAGE}\n`);
    return EXIT.ok;
  }
  if (args.config === undefined) {
    // Loaded only here: the demo brings the Notion simulator, which a real run never needs.
    const { runDemo } = await import('./demo.js');
    return runDemo(args, io);
  }
  const config = await loadConfigFile(args.config, io);
  if (config === undefined) return EXIT.usage;

  const needsAws =
    args.publishMetrics ||
    config.integrations.some((i) => 'secretId' in i.token) ||
    config.receivers.some((r) => 'secretId' in r.verificationToken);
  const aws = needsAws && io.aws ? await io.aws() : undefined;
  const report = await probe(config, args.deadlineSeconds, io, aws);
  emit(report, args.json, io);

  const published = args.publishMetrics ? await publish(report, args, io, aws) : true;
  const allOk = [...report.integrations, ...report.receivers].every((i) => i.category === 'ok');
  return allOk && published ? EXIT.ok : EXIT.notOk;
}

/** The validated config, or `undefined` after printing why not. */
async function loadConfigFile(path: string, io: CliIo): Promise<MonitorConfig | undefined> {
  // Read errors name the absolute path tried; problems inside the file, the path as typed.
  const file = await readConfigFile(resolveConfigPath(path, io.cwd ?? process.cwd(), io.env));
  if (!file.ok) {
    io.stderr(`error: ${file.message}\n`);
    return undefined;
  }
  const config = parseConfigText(file.text, path);
  if (!config.ok) {
    io.stderr(`error: invalid configuration\n${config.problems.map((p) => `  ${p}`).join('\n')}\n`);
    return undefined;
  }
  return config.config;
}

/** Publishes the run's metrics; `true` when they were published. */
async function publish(
  report: ProbeReport,
  args: CliArgs,
  io: CliIo,
  aws: CliAwsAdapters | undefined,
): Promise<boolean> {
  if (aws === undefined) {
    io.stderr('error: --publish-metrics needs the AWS adapters, which are not available in this build\n');
    return false;
  }
  const result = await aws.publish(report, args.namespace);
  io.stderr(`${result.message}\n`);
  return result.ok;
}
