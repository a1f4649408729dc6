import { readFileSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { type MonitorConfig, parseConfigText } from '../config/schema.js';

/** Environment variable holding the config JSON (the CLI file's shape). */
export const CONFIG_ENV = 'NOTION_MONITOR_CONFIG';
/**
 * Environment variable naming a config file bundled with the function, for configs that
 * would not fit Lambda's 4 KB environment limit. Relative paths are from the task root.
 */
export const CONFIG_FILE_ENV = 'NOTION_MONITOR_CONFIG_FILE';
/** Environment variable holding the CloudWatch namespace. */
export const NAMESPACE_ENV = 'NOTION_MONITOR_NAMESPACE';

/** The config could not be loaded or is invalid: the message lists every problem. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

/** Loads and validates the config from the environment; throws {@link ConfigError}. */
export function loadConfig(
  env: Readonly<Record<string, string | undefined>>,
  readFile: (path: string) => string = (p) => readFileSync(p, 'utf8'),
): MonitorConfig {
  const inline = env[CONFIG_ENV];
  const file = env[CONFIG_FILE_ENV];
  let text: string;
  let source: string;
  if (inline !== undefined && inline.trim() !== '') {
    text = inline;
    source = CONFIG_ENV;
  } else if (file !== undefined && file.trim() !== '') {
    const path = isAbsolute(file) ? file : join(env.LAMBDA_TASK_ROOT ?? process.cwd(), file);
    try {
      text = readFile(path);
    } catch (error) {
      throw new ConfigError(
        `${CONFIG_FILE_ENV}: cannot read ${path} (${(error as NodeJS.ErrnoException).code ?? 'error'})`,
        {
          cause: error,
        },
      );
    }
    source = path;
  } else {
    throw new ConfigError(
      `Set ${CONFIG_ENV} (config JSON) or ${CONFIG_FILE_ENV} (path to a bundled config file).`,
    );
  }
  const result = parseConfigText(text, source);
  if (!result.ok) throw new ConfigError(`Invalid configuration:\n${result.problems.join('\n')}`);
  return result.config;
}
