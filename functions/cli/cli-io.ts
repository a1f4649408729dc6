import type { NotionRequest, PreviousTokenReader } from '../engine/ports.js';
import type { ProbeReport } from '../engine/report.js';
import type { createTokenResolver } from '../tokens/env-tokens.js';

/** The outside world of the CLI, injected so tests run it in-process. */
export interface CliIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly request?: NotionRequest;
  readonly now?: () => number;
  /** Where a relative `--config` path is read from (with `env.INIT_CWD`); default `process.cwd()`. */
  readonly cwd?: string;
  /** Builds the AWS-backed pieces; loaded lazily so a plain run never imports the AWS SDK. */
  readonly aws?: () => Promise<CliAwsAdapters>;
}

/** What `--publish-metrics` and `secretId` tokens need. */
export interface CliAwsAdapters {
  readonly resolveSecrets: NonNullable<Parameters<typeof createTokenResolver>[0]['secrets']>;
  /** A failing secret's previous version, for the comparison (one run per process). */
  readonly readPreviousToken?: PreviousTokenReader;
  readonly publish: (
    report: ProbeReport,
    namespace: string | undefined,
  ) => Promise<{ ok: boolean; message: string }>;
}
