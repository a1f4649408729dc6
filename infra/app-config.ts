import { readFileSync } from 'node:fs';
import { Duration, Fn } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as kms from 'aws-cdk-lib/aws-kms';
import type { Construct } from 'constructs';
import * as z from 'zod/mini';
import { useEnglishMessages } from '../functions/config/english-messages.js';
import { formatPath, jsonErrorPosition } from '../functions/config/schema.js';
import { FAILURE_CATEGORIES, type FailureCategory } from '../functions/shared/categories.js';
import type { AlarmKind } from './alarm-names.js';
import type { MaintenanceWindow } from './maintenance-windows.js';
import type { NotionMonitorProps } from './notion-monitor.js';
import type { PropsSource } from './props-source.js';

/** The deployment config file cannot be read or is not shaped right: the message lists every problem. */
export class AppConfigError extends Error {
  override readonly name = 'AppConfigError';
}

// Exact: the construct merges these over its defaults, where a key present as undefined would
// erase a default (JSON never has one, and the type says so).
const alarmOptions = z.strictObject({
  evaluationPeriods: z.exactOptional(z.number()),
  datapointsToAlarm: z.exactOptional(z.number()),
  enabled: z.exactOptional(z.boolean()),
});
const slowAlarmOptions = z.strictObject({
  thresholdMs: z.exactOptional(z.number()),
  evaluationPeriods: z.exactOptional(z.number()),
  datapointsToAlarm: z.exactOptional(z.number()),
  enabled: z.exactOptional(z.boolean()),
});
/** An ISO 8601 duration (`PT2H`, `P1DT12H`): the form CloudWatch's mute rules take. */
const isoDuration = z.string().check(
  z.refine((text) => {
    try {
      Duration.parse(text);
      return true;
    } catch {
      return false;
    }
  }, 'must be an ISO 8601 duration such as PT2H or P1DT12H'),
);
const maintenanceWindow = z.strictObject({
  name: z.string(),
  schedule: z.string(),
  duration: isoDuration,
  timeZone: z.exactOptional(z.string()),
  alarms: z.exactOptional(z.array(z.string())),
});
const slackTarget = z.strictObject({
  workspaceId: z.string(),
  channelId: z.string(),
  configurationName: z.exactOptional(z.string()),
});
const teamsTarget = z.strictObject({
  teamId: z.string(),
  channelId: z.string(),
  tenantId: z.string(),
  configurationName: z.exactOptional(z.string()),
});
// Checked here only as far as building props needs: a negative Duration throws.
const amount = z.number().check(z.gte(0, 'must not be negative'));
const arn = z.string().check(z.startsWith('arn:', 'must be an ARN (arn:...)'));
const awsId = (prefix: string, what: string) =>
  z.string().check(z.regex(new RegExp(`^${prefix}-[0-9a-f]{8,17}$`), `must be a ${what} id (${prefix}-...)`));
/**
 * Production's VPC, by ids: what Lambda's VpcConfig takes. Not a lookup (Vpc.fromLookup
 * needs the account and Region and an AWS call at synth), so `cdk synth` stays offline.
 */
const vpcConfig = z.strictObject({
  vpcId: awsId('vpc', 'VPC'),
  subnetIds: z.array(awsId('subnet', 'subnet')).check(z.minLength(1)),
  securityGroupIds: z.optional(z.array(awsId('sg', 'security group')).check(z.minLength(1))),
});

/**
 * The deployment config file (`infra/config/<stage>.json`): the monitor's config shape
 * (integrations with Secrets Manager tokens) plus the deployment's own settings. Deep
 * checks are the construct's; this schema only types the file.
 */
const settings = {
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
  slowAlarm: z.optional(slowAlarmOptions),
  maintenanceWindows: z.optional(z.array(maintenanceWindow)),
  slack: z.optional(slackTarget),
  teams: z.optional(teamsTarget),
  vpc: z.optional(vpcConfig),
  httpsProxy: z.optional(z.string()),
  noProxy: z.optional(z.string()),
  /** @default true for the stage named `prod`, false for any other */
  retainOnDelete: z.optional(z.boolean()),
  /** Webhook receivers (functions/receiver/); checked by the construct like integrations. */
  receivers: z.optional(z.array(z.unknown())),
};
const appConfigSchema = z.strictObject({
  ...settings,
  // Empty or left out is the construct's to judge: a stage may probe only webhook receivers.
  integrations: z._default(z.array(z.unknown()), []),
});
/** The settings alone: each key is checked on its own, so the valid ones always pass together. */
const settingsSchema = z.strictObject(settings);

/** A validated deployment config file. */
export type AppConfig = z.output<typeof appConfigSchema>;

/** What {@link inspectAppConfig} found in a stage file that is valid JSON. */
export interface AppConfigInspection {
  /** The file's valid part: keys with a problem and unknown keys are left out, `integrations` is `[]` if broken. */
  readonly config: AppConfig;
  /** Every problem the schema found, `key: message`. */
  readonly problems: readonly string[];
  /** The file's keys with a problem: checks that depend on them would only repeat it with a default. */
  readonly brokenKeys: readonly string[];
}

/**
 * Reads the deployment config file and checks its shape, keeping what is valid so that the
 * construct's own checks can still run on it. Throws {@link AppConfigError} only when the file
 * cannot be read or is not JSON (nothing to check then).
 */
export function inspectAppConfig(path: string): AppConfigInspection {
  let value: unknown;
  let json = '';
  try {
    const text = readFileSync(path, 'utf8');
    // A byte order mark, as some Windows editors and PowerShell write it, is no JSON.
    json = text.startsWith('\uFEFF') ? text.slice(1) : text;
    value = JSON.parse(json);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new AppConfigError(
      `${path}: ${code ? `cannot read it (${code})` : `not valid JSON${jsonErrorPosition(error, json)}`}`,
      { cause: error },
    );
  }
  useEnglishMessages();
  const parsed = appConfigSchema.safeParse(value);
  if (parsed.success) return { config: parsed.data, problems: [], brokenKeys: [] };
  const issues = parsed.error.issues;
  const brokenKeys = [...new Set(issues.flatMap((i) => (typeof i.path[0] === 'string' ? [i.path[0]] : [])))];
  const fields = typeof value === 'object' && value !== null && !Array.isArray(value) ? value : {};
  const valid = Object.entries(fields).filter(([k]) => k in appConfigSchema.shape && !brokenKeys.includes(k));
  const rest = settingsSchema.safeParse(Object.fromEntries(valid.filter(([k]) => k !== 'integrations')));
  const config: AppConfig = {
    ...(rest.success ? rest.data : {}),
    integrations: brokenKeys.includes('integrations')
      ? []
      : ((fields as { integrations?: unknown[] }).integrations ?? []),
  };
  return {
    config,
    problems: issues.map((i) => `${formatPath(i.path)}: ${i.message}`),
    brokenKeys,
  };
}

/** Reads and validates the deployment config file; throws {@link AppConfigError} listing every problem. */
export function readAppConfig(path: string): AppConfig {
  const { config, problems } = inspectAppConfig(path);
  if (problems.length > 0)
    throw new AppConfigError(`${path}:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  return config;
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
  vpcSubnets: { name: 'vpc.subnetIds' },
  securityGroups: { name: 'vpc.securityGroupIds' },
};

/** Turns the file into construct props; the construct validates the rest and fills the defaults. */
export function propsFromAppConfig(scope: Construct, config: AppConfig): NotionMonitorProps {
  return {
    integrations: config.integrations as NotionMonitorProps['integrations'],
    receivers: config.receivers as NotionMonitorProps['receivers'],
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
    slowAlarm: config.slowAlarm,
    // The construct checks the names of the alarms (one list of kinds for props and files).
    maintenanceWindows: config.maintenanceWindows?.map(
      ({ alarms, ...w }): MaintenanceWindow => ({
        ...w,
        duration: Duration.parse(w.duration),
        ...(alarms !== undefined ? { alarms: alarms as AlarmKind[] } : {}),
      }),
    ),
    slack: config.slack,
    teams: config.teams,
    secretKeys: ifSet(config.secretKeyArns, (arns) =>
      arns.map((a, i) => kms.Key.fromKeyArn(scope, `SecretKey${i}`, a)),
    ),
    ...(config.vpc !== undefined ? vpcProps(scope, config.vpc) : {}),
    httpsProxy: config.httpsProxy,
    noProxy: config.noProxy,
  };
}

/** The VPC, its subnets and security groups, imported by id. */
function vpcProps(
  scope: Construct,
  ids: z.output<typeof vpcConfig>,
): Pick<NotionMonitorProps, 'vpc' | 'vpcSubnets' | 'securityGroups'> {
  // The Availability Zones only matter to a subnet selection by zone; the subnets are given.
  const vpc = ec2.Vpc.fromVpcAttributes(scope, 'Vpc', { vpcId: ids.vpcId, availabilityZones: Fn.getAzs() });
  const subnets = ids.subnetIds.map((id, i) => ec2.Subnet.fromSubnetId(scope, `Subnet${i}`, id));
  return {
    vpc,
    vpcSubnets: { subnets },
    ...(ids.securityGroupIds !== undefined
      ? {
          // Used as they are: their rules belong to whoever owns them.
          securityGroups: ids.securityGroupIds.map((id, i) =>
            ec2.SecurityGroup.fromSecurityGroupId(scope, `SecurityGroup${i}`, id, { mutable: false }),
          ),
        }
      : {}),
  };
}

/** A setting the file leaves out stays undefined: the construct's default. */
function ifSet<T, R>(value: T | undefined, to: (value: T) => R): R | undefined {
  return value === undefined ? undefined : to(value);
}
