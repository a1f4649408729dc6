import type { MonitorConfig } from '../config/schema.js';
import { type ProbeDependencies, runProbe } from '../engine/probe.js';
import type { ProbeReport } from '../engine/report.js';
import { createTokenResolver } from '../tokens/env-tokens.js';
import type { CliAwsAdapters, CliIo } from './cli-io.js';

/** Runs the engine with CLI defaults: the process environment for tokens, a wall-clock deadline. */
export function probe(
  config: MonitorConfig,
  deadlineSeconds: number,
  io: CliIo,
  aws?: Pick<CliAwsAdapters, 'resolveSecrets' | 'readPreviousToken'>,
): Promise<ProbeReport> {
  const secrets = aws?.resolveSecrets;
  const now = io.now ?? Date.now;
  const deps: ProbeDependencies = {
    resolveTokens: createTokenResolver({ env: io.env, ...(secrets ? { secrets } : {}) }),
    now,
    deadlineAt: now() + deadlineSeconds * 1000,
    ...(io.request ? { request: io.request } : {}),
    ...(aws?.readPreviousToken ? { readPreviousToken: aws.readPreviousToken } : {}),
  };
  return runProbe(config, deps);
}
