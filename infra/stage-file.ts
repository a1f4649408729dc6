import { existsSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { quoteIfSafe } from '../functions/shared/credential-like.js';
import { STAGE_NAME } from '../functions/shared/metrics.js';

/**
 * Where stage files live when not in `infra/config/`: read by the CDK app and by
 * `npm run invoke` alike, so the config invoked locally is the config deployed.
 */
export const STAGE_DIR_ENV = 'NOTION_MONITOR_STAGE_DIR';

const CONFIG_DIR = join(dirname(fileURLToPath(import.meta.url)), 'config');

/** The shipped example: placeholder secrets and no email, never meant to be deployed. */
export const EXAMPLE_STAGE_FILE = join(CONFIG_DIR, 'example.json');

/** The stage when none is given (`cdk deploy` without `-c stage=`, `npm run invoke` without `--stage`). */
export const DEFAULT_STAGE = 'dev';

type Env = Readonly<Record<string, string | undefined>>;

/** Why `stage` cannot name a stack, or undefined when it can. */
export function stageNameProblem(stage: string): string | undefined {
  return STAGE_NAME.test(stage)
    ? undefined
    : `stage ${quoteIfSafe(stage) ?? '(not shown: it may hold a credential)'} must start with a letter and be at most 31 letters, digits and dashes`;
}

/** The folder holding `<stage>.json`: `$NOTION_MONITOR_STAGE_DIR`, or `infra/config/`. */
export function stageDir(env: Env): string {
  const dir = env[STAGE_DIR_ENV];
  return dir === undefined || dir === '' ? CONFIG_DIR : resolve(dir);
}

/** The stage file of `stage`, whether or not it exists. */
export function stageFilePath(stage: string, env: Env): string {
  return join(stageDir(env), `${stage}.json`);
}

/** A path as the user would type it from `cwd`: relative inside it, absolute outside. */
export function displayPath(path: string, cwd = process.cwd()): string {
  const rel = relative(cwd, path);
  return rel === '' || rel.startsWith('..') || isAbsolute(rel) ? path : rel;
}

/** The command that creates the stage file from the example. */
export function createStageFileCommand(stage: string, env: Env, cwd = process.cwd()): string {
  return `cp ${displayPath(EXAMPLE_STAGE_FILE, cwd)} ${displayPath(stageFilePath(stage, env), cwd)}`;
}

/** Whether the stage file of `stage` exists. */
export function stageFileExists(stage: string, env: Env): boolean {
  return existsSync(stageFilePath(stage, env));
}
