import { App, Stack } from 'aws-cdk-lib';
import { APP_CONFIG_LABELS, type AppConfig, inspectAppConfig } from './app-config.js';
import { monitorPropsFor } from './monitor-stack.js';
import { NotionMonitorPropsError, type ResolvedProps, resolveProps } from './resolve-props.js';

/** A stage file that passed every check, and the settings the deployed function gets from it. */
export interface StageSettings {
  readonly config: AppConfig;
  readonly resolved: ResolvedProps;
}

/**
 * Reads a stage file and runs every check the stack would, so that one error lists all
 * its problems under the file's keys: its shape, then the construct's checks on the rest
 * of it (leaving out what would only repeat a broken key with its default). Throws
 * {@link NotionMonitorPropsError}, or `AppConfigError` when the file is unreadable or not JSON.
 *
 * @param id the stack's id, which names the monitor in the message (`<id>/Monitor`)
 * @param source the file as the message shows it
 */
export function readStageSettings(path: string, stage: string, id: string, source: string): StageSettings {
  const file = inspectAppConfig(path);
  // The props need a scope only for imported topics and keys: a scratch app, never
  // synthesized (under the CDK CLI an App synthesizes itself at exit unless told not to).
  const scratch = new Stack(new App({ autoSynth: false }), id);
  let resolved: ResolvedProps | undefined;
  let more: readonly string[] = [];
  try {
    resolved = resolveProps(monitorPropsFor(scratch, file.config, stage), {
      description: source,
      labels: APP_CONFIG_LABELS,
    });
  } catch (error) {
    if (!(error instanceof NotionMonitorPropsError)) throw error;
    more = error.problems.filter((p) => !file.brokenKeys.some((key) => names(key).test(p)));
  }
  const problems = [...file.problems, ...more];
  if (resolved === undefined || problems.length > 0)
    throw new NotionMonitorPropsError(`${id}/Monitor`, source, problems);
  return { config: file.config, resolved };
}

/** Matches a key named in a message as a whole word (`alarms`, not `alarmsX`). */
function names(key: string): RegExp {
  return new RegExp(`(^|[^A-Za-z0-9_])${key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}([^A-Za-z0-9_]|$)`);
}
