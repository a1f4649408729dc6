import type { Duration, RemovalPolicy } from 'aws-cdk-lib';
import type * as ec2 from 'aws-cdk-lib/aws-ec2';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as logs from 'aws-cdk-lib/aws-logs';
import type * as sns from 'aws-cdk-lib/aws-sns';
import type { IntegrationConfig, ReceiverConfig } from '../functions/config/schema.js';
import type { FailureCategory, TargetKind, TokenType } from '../functions/shared/categories.js';
import type { WebhookEventType } from '../functions/shared/receivers.js';
import type { CategoryAlarmOptions, SlowAlarmOptions } from './alarm-policy.js';
import type { SlackTarget, TeamsTarget } from './chat-targets.js';
import type { MaintenanceWindow } from './maintenance-windows.js';

/** A page, database or data source the integration must be able to read. */
export interface NotionMonitorTarget {
  readonly kind: TargetKind;
  readonly id: string;
  /** @default no label */
  readonly label?: string;
}

/** A token read from Secrets Manager: the only token source the deployed monitor has. */
export interface NotionMonitorSecretToken {
  /** Name or ARN of the secret. */
  readonly secretId: string;
  /**
   * The field holding the token when the secret is a JSON object.
   * @default the whole SecretString is the token
   */
  readonly jsonKey?: string;
}

/** One integration to watch; the same shape as the monitor's config file, with tokens from Secrets Manager only. */
export interface NotionMonitorIntegration {
  /** Unique; becomes the `Integration` metric dimension. */
  readonly name: string;
  /** The secret production reads the token from. */
  readonly token: NotionMonitorSecretToken;
  /** @default no expectations */
  readonly expect?: {
    /** @default not checked */
    readonly workspaceName?: string;
    /** @default not checked */
    readonly workspaceId?: string;
    /** @default not checked */
    readonly tokenType?: TokenType;
  };
  /** @default no targets: only the token is checked */
  readonly targets?: readonly NotionMonitorTarget[];
}

/** A webhook receiver to probe with signed synthetic events; the config file's shape, with the verification token from Secrets Manager only. */
export interface NotionMonitorReceiver {
  /** Unique among receivers; becomes the `Receiver` metric dimension. */
  readonly name: string;
  /** https (http only for a loopback host). */
  readonly url: string;
  /** The secret holding the webhook subscription's verification token. */
  readonly verificationToken: NotionMonitorSecretToken;
  /** @default 'page.properties_updated' */
  readonly eventType?: WebhookEventType;
  /** @default the nil UUID */
  readonly entityId?: string;
  /** @default true */
  readonly expectForgedRejected?: boolean;
}

/** Props of {@link NotionMonitor}. An optional prop given as `undefined` takes its default. */
export interface NotionMonitorProps {
  /** The integrations to probe. At least one, unless `receivers` lists a receiver. */
  readonly integrations: readonly NotionMonitorIntegration[];
  /**
   * Webhook receivers to probe with a signed and a forged synthetic event each run.
   * @default none
   */
  readonly receivers?: readonly NotionMonitorReceiver[] | undefined;
  /**
   * How often the probe runs. Whole minutes, at least 1.
   * @default Duration.minutes(5)
   */
  readonly schedule?: Duration | undefined;
  /**
   * The Notion-Version header sent.
   * @default '2026-03-11'
   */
  readonly notionVersion?: string | undefined;
  /**
   * Notion API base URL (a test double or a regional proxy).
   * @default 'https://api.notion.com'
   */
  readonly notionBaseUrl?: string | undefined;
  /**
   * Per-request timeout.
   * @default Duration.seconds(10)
   */
  readonly requestTimeout?: Duration | undefined;
  /**
   * The function's timeout; the run's deadline is this minus a 5-second margin. Must be
   * shorter than the schedule, so runs never overlap.
   * @default Duration.minutes(2), or the schedule less 15 seconds when the schedule is shorter than 3 minutes
   */
  readonly functionTimeout?: Duration | undefined;
  /**
   * Memory of the function, 128 to 256 MB.
   * @default 256
   */
  readonly memorySize?: number | undefined;
  /**
   * CloudWatch namespace of the metrics.
   * @default 'NotionMonitor'
   */
  readonly namespace?: string | undefined;
  /**
   * Start of every alarm's name: `<prefix>-auth`, `<prefix>-not-running`, ... Alarm names
   * are unique per account and Region, like the namespace whose metrics they watch.
   * @default the namespace with every character other than letters, digits, `_`, `.` and `-` replaced by `-` (`NotionMonitor/prod` gives `NotionMonitor-prod`)
   */
  readonly alarmNamePrefix?: string | undefined;
  /**
   * Email addresses subscribed to the alarm topic (each must confirm the subscription).
   * @default no email subscriptions
   */
  readonly alarmEmails?: readonly string[] | undefined;
  /**
   * Existing SNS topics that also receive every alarm and OK notification.
   * @default only the topic this construct creates
   */
  readonly alarmTopics?: readonly sns.ITopic[] | undefined;
  /**
   * Per-category alarm settings, merged over the defaults. Each category's alarm is a
   * Metrics Insights multi-time-series alarm: every failing integration is its own
   * contributor, and M of N counts that integration's runs.
   * @default auth, config, proxy_auth, forbidden, not_found: 1 of 1 runs; secret_unavailable, not_notion, rate_limited, timeout, network, server_error: 2 of 3 runs
   */
  readonly alarms?: Partial<Record<FailureCategory, CategoryAlarmOptions>> | undefined;
  /**
   * The slow alarms: `CheckLatency` p90 per request kind (`slow-auth`, `slow-target`).
   * @default p90 above 3000 ms (or half the request timeout, when lower) for 3 of 3 runs
   */
  readonly slowAlarm?: SlowAlarmOptions | undefined;
  /**
   * Windows in which some alarms keep evaluating but send nothing (one
   * `AWS::CloudWatch::AlarmMuteRule` each). By default a window mutes the transient
   * categories and the slow alarms; `config`, `auth`, `proxy_auth`, `forbidden` and
   * `not_found` only when its `alarms` lists them.
   * @default no maintenance windows
   */
  readonly maintenanceWindows?: readonly MaintenanceWindow[] | undefined;
  /**
   * A Slack channel that receives every alarm and OK notification (Amazon Q Developer in
   * chat applications). Authorize the workspace once in that console first.
   * @default no Slack channel
   */
  readonly slack?: SlackTarget | undefined;
  /**
   * A Microsoft Teams channel that receives every alarm and OK notification. Authorize the
   * team once in the Amazon Q Developer in chat applications console first.
   * @default no Teams channel
   */
  readonly teams?: TeamsTarget | undefined;
  /**
   * Consecutive runs without a heartbeat before the not-running alarm fires.
   * @default 3
   */
  readonly missedRunsToAlarm?: number | undefined;
  /**
   * Customer-managed KMS keys that encrypt the secrets; the function may decrypt with
   * them through Secrets Manager only.
   * @default none (secrets use the AWS-managed key)
   */
  readonly secretKeys?: readonly kms.IKey[] | undefined;
  /**
   * Reserved concurrency of the function. Scheduled runs never overlap without it (the
   * function timeout is shorter than the schedule); reserving takes units from the
   * account's unreserved pool, which new accounts may not have to spare.
   * @default no reservation
   */
  readonly reservedConcurrency?: number | undefined;
  /**
   * Retention of the function's log group.
   * @default logs.RetentionDays.ONE_MONTH
   */
  readonly logRetention?: logs.RetentionDays | undefined;
  /**
   * Runs the probe in this VPC, on production's network path (its NAT, proxy and firewall),
   * so that `network` and `proxy_auth` describe the path production takes. A Lambda in a VPC
   * has no internet access of its own: its subnets need a route through a NAT gateway, or
   * `httpsProxy` must name a proxy they reach; Secrets Manager and CloudWatch (which the AWS
   * SDK reaches directly, never through the proxy) need the NAT or interface VPC endpoints.
   * @default no VPC: Lambda's own network, with internet access
   */
  readonly vpc?: ec2.IVpc | undefined;
  /**
   * The subnets of `vpc` the probe runs in.
   * @default the VPC's private subnets (the CDK's default for a Lambda)
   */
  readonly vpcSubnets?: ec2.SubnetSelection | undefined;
  /**
   * Security groups of the probe in `vpc`, used as they are.
   * @default one of its own that allows outbound TCP 443 only (and the port of `httpsProxy`)
   */
  readonly securityGroups?: readonly ec2.ISecurityGroup[] | undefined;
  /**
   * The probe's `HTTPS_PROXY`: its requests to Notion go through this proxy in a CONNECT
   * tunnel, with TLS to Notion inside (the proxy never sees the token). `http://host:port`,
   * without a user or password: Lambda shows environment variables to anyone who may read
   * the function's configuration.
   * @default no proxy
   */
  readonly httpsProxy?: string | undefined;
  /**
   * The probe's `NO_PROXY`: hosts reached directly, matched as curl does.
   * @default none
   */
  readonly noProxy?: string | undefined;
  /**
   * What `cdk destroy` (or removing the construct) does with the two resources that hold
   * history: the alarm topic's KMS key and the function's log group. `DESTROY` deletes the
   * log group and schedules the key for deletion after 7 days (KMS's shortest wait); the
   * queue, topic, alarms, schedule, dashboard, role and function are deleted either way.
   * `RETAIN` or `DESTROY` (`SNAPSHOT` does not apply to them).
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy | undefined;
}

// The construct's integration is the config schema's integration with a Secrets Manager
// token, written out again only for its TSDoc. `_IntegrationMatchesSchema` stops compiling when
// the two drift (a field added, removed, made optional or retyped on either side).
type SchemaSecretIntegration = Flat<
  Omit<IntegrationConfig, 'token'> & {
    readonly token: Extract<IntegrationConfig['token'], { readonly secretId: string }>;
  }
>;
type Flat<T> = { [K in keyof T]: T[K] };
type Identical<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
type AssertTrue<T extends true> = T;
type _IntegrationMatchesSchema = AssertTrue<Identical<NotionMonitorIntegration, SchemaSecretIntegration>>;

// The same for a receiver: its keys are the schema's (the schema fills eventType and
// expectForgedRejected, so only the keys are compared).
type _ReceiverMatchesSchema = AssertTrue<Identical<keyof NotionMonitorReceiver, keyof ReceiverConfig>>;
