import { readFile } from 'node:fs/promises';
import { type MonitorConfig, parseConfigText } from '../config/schema.js';
import type { NotionRequest } from '../engine/ports.js';
import { type ProbeDependencies, runProbe } from '../engine/probe.js';
import type { ProbeReport } from '../engine/report.js';
import { createTokenResolver } from '../tokens/env-tokens.js';
import { parseCliArgs, USAGE } from './args.js';
import { renderTable } from './render-table.js';

/** Exit codes, as documented in `--help` and the README. */
export const EXIT = { ok: 0, notOk: 1, usage: 2 } as const;

/** The outside world of the CLI, injected so tests run it in-process. */
export interface CliIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly request?: NotionRequest;
  readonly now?: () => number;
  readonly cwd?: string;
  /** Builds the AWS-backed pieces; loaded lazily so a plain run never imports the AWS SDK. */
  readonly aws?: () => Promise<CliAwsAdapters>;
}

/** What `--publish-metrics` and `secretId` tokens need. */
export interface CliAwsAdapters {
  readonly resolveSecrets: NonNullable<Parameters<typeof createTokenResolver>[0]['secrets']>;
  readonly publish: (
    report: ProbeReport,
    namespace: string | undefined,
  ) => Promise<{ ok: boolean; message: string }>;
}

/** Runs the command line; returns the exit code. Never throws for bad input. */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const parsed = parseCliArgs(argv);
  if (!parsed.ok) {
    io.stderr(`error: ${parsed.error}\n\n${USAGE}\n`);
    return EXIT.usage;
  }
  const { args } = parsed;
  if (args.help) {
    io.stdout(`${USAGE}\n`);
    return EXIT.ok;
  }
  if (args.config === undefined) {
    const { runDemo } = await import('./demo.js');
    return runDemo(args, io);
  }

  let text: string;
  try {
    text = await readFile(args.config, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'unreadable';
    io.stderr(`error: cannot read config file ${args.config} (${code})\n`);
    return EXIT.usage;
  }
  const config = parseConfigText(text, args.config);
  if (!config.ok) {
    io.stderr(`error: invalid configuration\n${config.problems.map((p) => `  ${p}`).join('\n')}\n`);
    return EXIT.usage;
  }

  const needsAws = args.publishMetrics || config.config.integrations.some((i) => 'secretId' in i.token);
  const aws = needsAws && io.aws ? await io.aws() : undefined;
  const report = await probe(config.config, args.deadlineSeconds, io, aws?.resolveSecrets);
  emit(report, args.json, io);

  let published = true;
  if (args.publishMetrics) {
    if (aws === undefined) {
      io.stderr('error: --publish-metrics needs the AWS adapters, which are not available in this build\n');
      published = false;
    } else {
      const result = await aws.publish(report, args.namespace);
      io.stderr(`${result.message}\n`);
      published = result.ok;
    }
  }
  const allOk = report.integrations.every((i) => i.category === 'ok');
  return allOk && published ? EXIT.ok : EXIT.notOk;
}

/** Runs the engine with CLI defaults: the process environment for tokens, a wall-clock deadline. */
export function probe(
  config: MonitorConfig,
  deadlineSeconds: number,
  io: CliIo,
  secrets?: CliAwsAdapters['resolveSecrets'],
): Promise<ProbeReport> {
  const now = io.now ?? Date.now;
  const deps: ProbeDependencies = {
    resolveTokens: createTokenResolver({ env: io.env, ...(secrets ? { secrets } : {}) }),
    now,
    deadlineAt: now() + deadlineSeconds * 1000,
    ...(io.request ? { request: io.request } : {}),
  };
  return runProbe(config, deps);
}

/** Prints the report: JSON only on stdout with `--json`, the table otherwise. */
export function emit(report: ProbeReport, json: boolean, io: CliIo): void {
  if (json) io.stdout(`${JSON.stringify(report, null, 2)}\n`);
  else io.stdout(renderTable(report));
}
