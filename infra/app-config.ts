import { readFileSync } from 'node:fs';
import { Duration } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import type { Construct } from 'constructs';
import * as z from 'zod/mini';
import { useEnglishMessages } from '../functions/config/english-messages.js';
import { formatPath, jsonErrorPosition } from '../functions/config/schema.js';
import { FAILURE_CATEGORIES, type FailureCategory } from '../functions/shared/categories.js';
import type { NotionMonitorProps } from './notion-monitor.js';
import type { PropsSource } from './props-source.js';

/** The deployment config file cannot be read or is not shaped right: the message lists every problem. */
export class AppConfigError extends Error {
  override readonly name = 'AppConfigError';
}

// Exact: the construct merges these over its defaults, where a key present as undefined would
// erase a default (JSON never has one, and the type says so).
const alarmOptions = z.strictObject({
  threshold: z.exactOptional(z.number()),
  evaluationPeriods: z.exactOptional(z.number()),
  datapointsToAlarm: z.exactOptional(z.number()),
  enabled: z.exactOptional(z.boolean()),
});
// Checked here only as far as building props needs: a negative Duration throws.
const amount = z.number().check(z.gte(0, 'must not be negative'));
const arn = z.string().check(z.startsWith('arn:', 'must be an ARN (arn:...)'));

/**
 * The deployment config file (`infra/config/<stage>.json`): the monitor's config shape
 * (integrations with Secrets Manager tokens) plus the deployment's own settings. Deep
 * checks are the construct's; this schema only types the file.
 */
const appConfigSchema = z.strictObject({
  notionBaseUrl: z.optional(z.string()),
  notionVersion: z.optional(z.string()),
  timeoutMs: z.optional(amount),
  scheduleMinutes: z.optional(amount),
  functionTimeoutSeconds: z.optional(amount),
  memorySize: z.optional(z.number()),
  namespace: z.optional(z.string()),
  alarmNamePrefix: z.optional(z.string()),
  alarmEmails: z.optional(z.array(z.string())),
  alarmTopicArns: z.optional(z.array(arn)),
  secretKeyArns: z.optional(z.array(arn)),
  missedRunsToAlarm: z.optional(z.number()),
  alarms: z.optional(
    z.partialRecord(
      z.enum(FAILURE_CATEGORIES as readonly [FailureCategory, ...FailureCategory[]]),
      alarmOptions,
    ),
  ),
  integrations: z.array(z.unknown()).check(z.minLength(1)),
});

/** A validated deployment config file. */
export type AppConfig = z.output<typeof appConfigSchema>;

/** Reads and validates the deployment config file; throws {@link AppConfigError} listing every problem. */
export function readAppConfig(path: string): AppConfig {
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new AppConfigError(
      `${path}: ${code ? `cannot read it (${code})` : `not valid JSON${jsonErrorPosition(error)}`}`,
      { cause: error },
    );
  }
  useEnglishMessages();
  const parsed = appConfigSchema.safeParse(value);
  if (!parsed.success) {
    throw new AppConfigError(
      `${path}:\n${parsed.error.issues.map((i) => `  - ${formatPath(i.path)}: ${i.message}`).join('\n')}`,
    );
  }
  return parsed.data;
}

/**
 * The file's keys for the props {@link propsFromAppConfig} renames, so that the
 * construct's messages name what is in the file (the stack passes them with `setPropsSource`).
 */
export const APP_CONFIG_LABELS: NonNullable<PropsSource['labels']> = {
  schedule: { name: 'scheduleMinutes', unit: 'minutes' },
  functionTimeout: { name: 'functionTimeoutSeconds', unit: 'seconds' },
  requestTimeout: { name: 'timeoutMs', unit: 'milliseconds' },
  secretKeys: { name: 'secretKeyArns' },
  alarmTopics: { name: 'alarmTopicArns' },
};

/** Turns the file into construct props; the construct validates the rest and fills the defaults. */
export function propsFromAppConfig(scope: Construct, config: AppConfig): NotionMonitorProps {
  return {
    integrations: config.integrations as NotionMonitorProps['integrations'],
    notionBaseUrl: config.notionBaseUrl,
    notionVersion: config.notionVersion,
    requestTimeout: ifSet(config.timeoutMs, Duration.millis),
    schedule: ifSet(config.scheduleMinutes, Duration.minutes),
    functionTimeout: ifSet(config.functionTimeoutSeconds, Duration.seconds),
    memorySize: config.memorySize,
    namespace: config.namespace,
    alarmNamePrefix: config.alarmNamePrefix,
    alarmEmails: config.alarmEmails,
    missedRunsToAlarm: config.missedRunsToAlarm,
    alarms: config.alarms,
    secretKeys: ifSet(config.secretKeyArns, (arns) =>
      arns.map((a, i) => kms.Key.fromKeyArn(scope, `SecretKey${i}`, a)),
    ),
  };
}

/** A setting the file leaves out stays undefined: the construct's default. */
function ifSet<T, R>(value: T | undefined, to: (value: T) => R): R | undefined {
  return value === undefined ? undefined : to(value);
}
