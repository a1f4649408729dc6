import { readFileSync } from 'node:fs';
import { Duration } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import type { Construct } from 'constructs';
import * as z from 'zod/mini';
import { useEnglishMessages } from '../functions/config/english-messages.js';
import { formatPath, jsonErrorPosition } from '../functions/config/schema.js';
import { FAILURE_CATEGORIES } from '../functions/shared/categories.js';
import type { NotionMonitorProps } from './notion-monitor.js';

const alarmOptions = z.strictObject({
  threshold: z.optional(z.number()),
  evaluationPeriods: z.optional(z.number()),
  datapointsToAlarm: z.optional(z.number()),
  enabled: z.optional(z.boolean()),
});

/**
 * The deployment config file (`infra/config/<stage>.json`): the monitor's config shape
 * (integrations with Secrets Manager tokens) plus the deployment's own settings. Deep
 * checks are the construct's; this schema only types the file.
 */
const appConfigSchema = z.strictObject({
  notionBaseUrl: z.optional(z.string()),
  notionVersion: z.optional(z.string()),
  timeoutMs: z.optional(z.number()),
  scheduleMinutes: z.optional(z.number()),
  functionTimeoutSeconds: z.optional(z.number()),
  memorySize: z.optional(z.number()),
  namespace: z.optional(z.string()),
  alarmEmails: z.optional(z.array(z.string())),
  alarmTopicArns: z.optional(z.array(z.string())),
  secretKeyArns: z.optional(z.array(z.string())),
  missedRunsToAlarm: z.optional(z.number()),
  alarms: z.optional(z.partialRecord(z.enum(FAILURE_CATEGORIES as [string, ...string[]]), alarmOptions)),
  integrations: z.array(z.unknown()).check(z.minLength(1)),
});

/** A validated deployment config file. */
export type AppConfig = z.output<typeof appConfigSchema>;

/** Reads and validates the deployment config file; throws one message listing every problem. */
export function readAppConfig(path: string): AppConfig {
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new Error(
      `${path}: ${code ? `cannot read it (${code})` : `not valid JSON${jsonErrorPosition(error)}`}`,
    );
  }
  useEnglishMessages();
  const parsed = appConfigSchema.safeParse(value);
  if (!parsed.success) {
    throw new Error(
      `${path}:\n${parsed.error.issues.map((i) => `  ${formatPath(i.path)}: ${i.message}`).join('\n')}`,
    );
  }
  return parsed.data;
}

/** Turns the file into construct props; the construct validates the rest. */
export function propsFromAppConfig(scope: Construct, config: AppConfig): NotionMonitorProps {
  return {
    integrations: config.integrations as NotionMonitorProps['integrations'],
    ...(config.notionBaseUrl !== undefined ? { notionBaseUrl: config.notionBaseUrl } : {}),
    ...(config.notionVersion !== undefined ? { notionVersion: config.notionVersion } : {}),
    ...(config.timeoutMs !== undefined ? { requestTimeout: Duration.millis(config.timeoutMs) } : {}),
    ...(config.scheduleMinutes !== undefined ? { schedule: Duration.minutes(config.scheduleMinutes) } : {}),
    ...(config.functionTimeoutSeconds !== undefined
      ? { functionTimeout: Duration.seconds(config.functionTimeoutSeconds) }
      : {}),
    ...(config.memorySize !== undefined ? { memorySize: config.memorySize } : {}),
    ...(config.namespace !== undefined ? { namespace: config.namespace } : {}),
    ...(config.alarmEmails !== undefined ? { alarmEmails: config.alarmEmails } : {}),
    ...(config.missedRunsToAlarm !== undefined ? { missedRunsToAlarm: config.missedRunsToAlarm } : {}),
    ...(config.alarms !== undefined ? { alarms: config.alarms } : {}),
    ...(config.secretKeyArns !== undefined
      ? { secretKeys: config.secretKeyArns.map((arn, i) => kms.Key.fromKeyArn(scope, `SecretKey${i}`, arn)) }
      : {}),
  };
}
