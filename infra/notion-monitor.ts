import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ArnFormat, CfnOutput, Duration, Stack, Token, Validations } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as destinations from 'aws-cdk-lib/aws-lambda-destinations';
import * as nodejs from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import * as targets from 'aws-cdk-lib/aws-scheduler-targets';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { parseConfig } from '../functions/config/schema.js';
import { CONFIG_ENV, CONFIG_FILE_ENV, NAMESPACE_ENV } from '../functions/handler/load-config.js';
import { FAILURE_CATEGORIES, type FailureCategory } from '../functions/shared/categories.js';
import { DEFAULT_NAMESPACE, DIMENSIONS, METRICS } from '../functions/shared/metrics.js';
import { type CategoryAlarmOptions, type ResolvedAlarmOptions, resolveAlarmOptions } from './alarm-policy.js';
import { buildDashboard } from './dashboard.js';
import { HANDLER_BUNDLING, nodeOptionsFor } from './handler-bundling.js';
import { alarmDescription } from './runbook.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

/** A page, database or data source the integration must be able to read. */
export interface NotionMonitorTarget {
  readonly kind: 'page' | 'database' | 'data_source';
  readonly id: string;
  /** @default no label */
  readonly label?: string;
}

/** One integration to watch; the same shape as the monitor's config file, with tokens from Secrets Manager only. */
export interface NotionMonitorIntegration {
  /** Unique; becomes the `Integration` metric dimension. */
  readonly name: string;
  /** The secret production reads the token from. */
  readonly token: {
    /** Name or ARN of the secret. */
    readonly secretId: string;
    /**
     * The field holding the token when the secret is a JSON object.
     * @default the whole SecretString is the token
     */
    readonly jsonKey?: string;
  };
  /** @default no expectations */
  readonly expect?: {
    /** @default not checked */
    readonly workspaceName?: string;
    /** @default not checked */
    readonly workspaceId?: string;
    /** @default not checked */
    readonly tokenType?: 'internal' | 'oauth';
  };
  /** @default no targets: only the token is checked */
  readonly targets?: readonly NotionMonitorTarget[];
}

/** Props of {@link NotionMonitor}. */
export interface NotionMonitorProps {
  /** The integrations to probe. At least one. */
  readonly integrations: readonly NotionMonitorIntegration[];
  /**
   * How often the probe runs. Whole minutes, at least 1.
   * @default Duration.minutes(5)
   */
  readonly schedule?: Duration;
  /**
   * The Notion-Version header sent.
   * @default '2026-03-11'
   */
  readonly notionVersion?: string;
  /**
   * Notion API base URL (a test double or a regional proxy).
   * @default 'https://api.notion.com'
   */
  readonly notionBaseUrl?: string;
  /**
   * Per-request timeout.
   * @default Duration.seconds(10)
   */
  readonly requestTimeout?: Duration;
  /**
   * The function's timeout; the run's deadline is this minus a 5-second margin. Must be
   * shorter than the schedule, so runs never overlap.
   * @default Duration.minutes(2), or the schedule less 15 seconds when the schedule is shorter than 3 minutes
   */
  readonly functionTimeout?: Duration;
  /**
   * Memory of the function, 128 to 256 MB.
   * @default 256
   */
  readonly memorySize?: number;
  /**
   * CloudWatch namespace of the metrics.
   * @default 'NotionMonitor'
   */
  readonly namespace?: string;
  /**
   * Email addresses subscribed to the alarm topic (each must confirm the subscription).
   * @default no email subscriptions
   */
  readonly alarmEmails?: readonly string[];
  /**
   * Existing SNS topics that also receive every alarm and OK notification.
   * @default only the topic this construct creates
   */
  readonly alarmTopics?: readonly sns.ITopic[];
  /**
   * Per-category alarm settings, merged over the defaults.
   * @default auth, config, proxy_auth, forbidden, not_found: 1 of 1 runs; rate_limited, timeout, network, server_error: 2 of 3 runs; threshold 1 integration
   */
  readonly alarms?: Partial<Record<FailureCategory, CategoryAlarmOptions>>;
  /**
   * Consecutive runs without a heartbeat before "the probe did not run" fires.
   * @default 3
   */
  readonly missedRunsToAlarm?: number;
  /**
   * Customer-managed KMS keys that encrypt the secrets; the function may decrypt with
   * them through Secrets Manager only.
   * @default none (secrets use the AWS-managed key)
   */
  readonly secretKeys?: readonly kms.IKey[];
  /**
   * Reserved concurrency of the function. Scheduled runs never overlap without it (the
   * function timeout is shorter than the schedule); reserving takes units from the
   * account's unreserved pool, which new accounts may not have to spare.
   * @default no reservation
   */
  readonly reservedConcurrency?: number;
  /**
   * Retention of the function's log group.
   * @default logs.RetentionDays.ONE_MONTH
   */
  readonly logRetention?: logs.RetentionDays;
}

/** Environment values above this go to a bundled file instead: Lambda allows 4 KB for all variables. */
const MAX_INLINE_CONFIG = 3_000;
const CONFIG_FILE_NAME = 'notion-monitor.config.json';

/**
 * The whole monitor: a scheduled probe function reading the tokens production uses from
 * Secrets Manager, one alarm per failure category (each carrying its runbook), "did not
 * run" and "failed" alarms, an encrypted SNS topic and a dashboard.
 */
export class NotionMonitor extends Construct {
  /** The probe function; invoke it from the console for an on-demand diagnosis. */
  readonly function: nodejs.NodejsFunction;
  /** Receives every alarm and OK notification. */
  readonly topic: sns.Topic;
  /** One alarm per failure category. */
  readonly categoryAlarms: Readonly<Record<FailureCategory, cloudwatch.Alarm | undefined>>;
  /** Heartbeat missing: the probe did not run. */
  readonly notRunningAlarm: cloudwatch.Alarm;
  /** The function itself failed (errors, including a failed metrics publish). */
  readonly functionErrorsAlarm: cloudwatch.Alarm;
  /** Runs lost: not delivered by the scheduler, dropped after one interval, or failed. */
  readonly lostRunsAlarm: cloudwatch.Alarm;
  /** Scheduled invocations that could not be delivered, were dropped, or failed. */
  readonly deadLetterQueue: sqs.Queue;
  readonly dashboard: cloudwatch.Dashboard;

  constructor(scope: Construct, id: string, props: NotionMonitorProps) {
    super(scope, id);
    const resolved = resolveProps(props);
    const stack = Stack.of(this);

    const logGroup = new logs.LogGroup(this, 'Logs', { retention: resolved.logRetention });

    // An explicit role instead of AWSLambdaBasicExecutionRole: logs only to its own group.
    const role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: 'Notion monitor probe: reads its Notion tokens, publishes its metrics, writes its logs',
    });
    role.addToPolicy(
      new iam.PolicyStatement({
        actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        // The log group's Arn attribute already ends in :* and so covers its streams.
        resources: [logGroup.logGroupArn],
      }),
    );
    role.addToPolicy(
      new iam.PolicyStatement({
        actions: ['secretsmanager:GetSecretValue'],
        resources: resolved.secretArns.flatMap((arns) => arns(stack)),
      }),
    );
    role.addToPolicy(
      new iam.PolicyStatement({
        // BatchGetSecretValue cannot be scoped to resources; GetSecretValue above still
        // decides which secrets it may return.
        actions: ['secretsmanager:BatchGetSecretValue'],
        resources: ['*'],
      }),
    );
    if (resolved.secretKeys.length > 0) {
      role.addToPolicy(
        new iam.PolicyStatement({
          actions: ['kms:Decrypt'],
          resources: resolved.secretKeys.map((k) => k.keyArn),
          conditions: { StringEquals: { 'kms:ViaService': `secretsmanager.${stack.region}.amazonaws.com` } },
        }),
      );
    }
    role.addToPolicy(
      new iam.PolicyStatement({
        actions: ['cloudwatch:PutMetricData'],
        resources: ['*'],
        conditions: { StringEquals: { 'cloudwatch:namespace': resolved.namespace } },
      }),
    );

    this.deadLetterQueue = new sqs.Queue(this, 'DeadLetters', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });

    const configText = JSON.stringify(resolved.config);
    const inline = configText.length <= MAX_INLINE_CONFIG;
    const configDir = inline ? undefined : mkdtempSync(join(tmpdir(), 'notion-monitor-config-'));
    if (configDir) writeFileSync(join(configDir, CONFIG_FILE_NAME), configText);

    this.function = new nodejs.NodejsFunction(this, 'Probe', {
      entry: join(ROOT, HANDLER_BUNDLING.entry),
      handler: 'handler',
      projectRoot: ROOT,
      depsLockFilePath: join(ROOT, 'package-lock.json'),
      runtime: lambda.Runtime.NODEJS_24_X,
      architecture: lambda.Architecture.ARM_64,
      memorySize: resolved.memorySize,
      timeout: resolved.functionTimeout,
      role,
      logGroup,
      loggingFormat: lambda.LoggingFormat.JSON,
      applicationLogLevelV2: lambda.ApplicationLogLevel.INFO,
      systemLogLevelV2: lambda.SystemLogLevel.WARN,
      description: 'Probes Notion integrations and publishes per-category metrics',
      ...(resolved.reservedConcurrency !== undefined
        ? { reservedConcurrentExecutions: resolved.reservedConcurrency }
        : {}),
      // Async invokes (the scheduler's) are not retried: the next run is the retry. A run
      // that could not start within one interval is dropped to the dead-letter queue, so
      // a late run never lands on top of the next one.
      retryAttempts: 0,
      maxEventAge: resolved.maxEventAge,
      onFailure: new destinations.SqsDestination(this.deadLetterQueue),
      environment: {
        ...(inline ? { [CONFIG_ENV]: configText } : { [CONFIG_FILE_ENV]: CONFIG_FILE_NAME }),
        [NAMESPACE_ENV]: resolved.namespace,
        NODE_OPTIONS: nodeOptionsFor(resolved.memorySize),
      },
      bundling: {
        minify: HANDLER_BUNDLING.minify,
        sourceMap: HANDLER_BUNDLING.sourceMap,
        sourcesContent: HANDLER_BUNDLING.sourcesContent,
        target: HANDLER_BUNDLING.target,
        format: nodejs.OutputFormat.CJS,
        externalModules: [...HANDLER_BUNDLING.externalModules],
        ...(configDir
          ? {
              commandHooks: {
                beforeBundling: () => [],
                beforeInstall: () => [],
                afterBundling: (_input: string, output: string) => [
                  `cp "${join(configDir, CONFIG_FILE_NAME)}" "${join(output, CONFIG_FILE_NAME)}"`,
                ],
              },
            }
          : {}),
      },
    });

    // Our own role, so the trust is limited to this account's scheduler.
    const schedulerRole = new iam.Role(this, 'SchedulerRole', {
      assumedBy: new iam.ServicePrincipal('scheduler.amazonaws.com', {
        conditions: { StringEquals: { 'aws:SourceAccount': stack.account } },
      }),
      description: 'Lets EventBridge Scheduler invoke the Notion monitor probe',
    });
    new scheduler.Schedule(this, 'Schedule', {
      schedule: scheduler.ScheduleExpression.rate(resolved.schedule),
      description: 'Runs the Notion monitor probe',
      target: new targets.LambdaInvoke(this.function, {
        input: scheduler.ScheduleTargetInput.fromObject({ source: 'notion-monitor-schedule' }),
        retryAttempts: 0,
        maxEventAge: resolved.maxEventAge,
        deadLetterQueue: this.deadLetterQueue,
        role: schedulerRole,
      }),
    });

    // Notifications: a customer-managed key CloudWatch may use; alarms to a topic under
    // the AWS-managed aws/sns key are dropped silently.
    const key = new kms.Key(this, 'TopicKey', {
      enableKeyRotation: true,
      description: 'Encrypts the Notion monitor alarm topic',
    });
    key.addToResourcePolicy(
      new iam.PolicyStatement({
        principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        resources: ['*'],
        conditions: { StringEquals: { 'aws:SourceAccount': stack.account } },
      }),
    );
    this.topic = new sns.Topic(this, 'Alarms', {
      masterKey: key,
      enforceSSL: true,
      displayName: 'Notion monitor',
    });
    this.topic.addToResourcePolicy(
      new iam.PolicyStatement({
        principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['sns:Publish'],
        resources: [this.topic.topicArn],
        conditions: {
          StringEquals: { 'aws:SourceAccount': stack.account },
          ArnLike: {
            'aws:SourceArn': stack.formatArn({
              service: 'cloudwatch',
              resource: 'alarm',
              resourceName: '*',
              arnFormat: ArnFormat.COLON_RESOURCE_NAME,
            }),
          },
        },
      }),
    );
    for (const email of resolved.alarmEmails)
      this.topic.addSubscription(new subscriptions.EmailSubscription(email));
    const alarmActions = [this.topic, ...resolved.alarmTopics].map((t) => new actions.SnsAction(t));
    const notify = (alarm: cloudwatch.Alarm) => {
      alarm.addAlarmAction(...alarmActions);
      alarm.addOkAction(...alarmActions);
      return alarm;
    };

    const period = resolved.schedule;
    const categoryAlarms = {} as Record<FailureCategory, cloudwatch.Alarm | undefined>;
    for (const category of FAILURE_CATEGORIES) {
      const o: ResolvedAlarmOptions = resolved.alarms[category];
      if (!o.enabled) {
        categoryAlarms[category] = undefined;
        continue;
      }
      categoryAlarms[category] = notify(
        new cloudwatch.Alarm(this, `Alarm-${category}`, {
          alarmDescription: alarmDescription(category),
          metric: new cloudwatch.Metric({
            namespace: resolved.namespace,
            metricName: METRICS.failures,
            dimensionsMap: { [DIMENSIONS.category]: category },
            statistic: 'Maximum',
            period,
          }),
          threshold: o.threshold,
          comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
          evaluationPeriods: o.evaluationPeriods,
          datapointsToAlarm: o.datapointsToAlarm,
          // Failure metrics are published only when not zero: no data means no failure.
          treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
        }),
      );
    }
    this.categoryAlarms = categoryAlarms;

    this.notRunningAlarm = notify(
      new cloudwatch.Alarm(this, 'Alarm-not-running', {
        alarmDescription:
          'The Notion monitor did not run: no heartbeat. Until this clears, no other Notion alarm can fire. Check the function alarm and its logs (throttles, errors, timeouts), the schedule (EventBridge Scheduler, enabled?), and the dead-letter queue for undelivered invocations.',
        metric: new cloudwatch.Metric({
          namespace: resolved.namespace,
          metricName: METRICS.heartbeat,
          statistic: 'Sum',
          period,
        }),
        threshold: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD,
        evaluationPeriods: resolved.missedRunsToAlarm,
        datapointsToAlarm: resolved.missedRunsToAlarm,
        treatMissingData: cloudwatch.TreatMissingData.BREACHING,
      }),
    );
    this.functionErrorsAlarm = notify(
      new cloudwatch.Alarm(this, 'Alarm-function-errors', {
        alarmDescription:
          'The Notion monitor function failed: an invalid configuration, a metrics publish that failed after retries, or a crash. Read the latest log lines of the function (the "run finished" line has the metrics error), fix the config or permissions (cloudwatch:PutMetricData for the namespace), then run Test from the console.',
        metric: this.function.metricErrors({ period, statistic: 'Sum' }),
        threshold: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        evaluationPeriods: 1,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      }),
    );
    this.lostRunsAlarm = notify(
      new cloudwatch.Alarm(this, 'Alarm-lost-runs', {
        alarmDescription:
          'A scheduled Notion monitor run was lost: the scheduler could not invoke the function, the run was dropped after waiting one interval, or the run failed (then the function-failed alarm fires too). Each lost run is a message in the dead-letter queue (kept 14 days) with the reason: read it, fix the cause (permissions, throttling, errors), then run Test from the console.',
        // Messages sent, not messages waiting: the alarm clears on its own once runs stop
        // being lost, and the messages stay for reading.
        metric: this.deadLetterQueue.metricNumberOfMessagesSent({ period, statistic: 'Sum' }),
        threshold: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        evaluationPeriods: 1,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      }),
    );

    this.dashboard = buildDashboard(this, 'Dashboard', {
      namespace: resolved.namespace,
      period,
      alarms: [
        ...Object.values(categoryAlarms).filter((a): a is cloudwatch.Alarm => a !== undefined),
        this.notRunningAlarm,
        this.functionErrorsAlarm,
        this.lostRunsAlarm,
      ],
    });

    new CfnOutput(this, 'FunctionName', {
      value: this.function.functionName,
      description: 'Invoke with Test in the Lambda console for a full diagnosis',
    });
    new CfnOutput(this, 'TopicArn', { value: this.topic.topicArn, description: 'Alarm notifications' });
    new CfnOutput(this, 'DashboardUrl', {
      value: `https://${stack.region}.console.aws.amazon.com/cloudwatch/home?region=${stack.region}#dashboards:name=${this.dashboard.dashboardName}`,
    });

    acknowledgeFindings(this, role, schedulerRole);
  }
}

interface ResolvedProps {
  readonly config: unknown;
  readonly secretArns: readonly ((stack: Stack) => string[])[];
  readonly secretKeys: readonly kms.IKey[];
  readonly schedule: Duration;
  readonly functionTimeout: Duration;
  readonly memorySize: number;
  readonly namespace: string;
  readonly alarmEmails: readonly string[];
  readonly alarmTopics: readonly sns.ITopic[];
  readonly alarms: Record<FailureCategory, ResolvedAlarmOptions>;
  readonly missedRunsToAlarm: number;
  readonly logRetention: logs.RetentionDays;
  readonly reservedConcurrency: number | undefined;
  readonly maxEventAge: Duration;
}

/** Fills every default once and throws, at synth time, on anything that cannot deploy or run. */
export function resolveProps(props: NotionMonitorProps): ResolvedProps {
  const fail = (message: string): never => {
    throw new Error(`NotionMonitor: ${message}`);
  };
  const schedule = props.schedule ?? Duration.minutes(5);
  if (
    Token.isUnresolved(schedule.toSeconds()) ||
    schedule.toSeconds() < 60 ||
    schedule.toSeconds() % 60 !== 0
  ) {
    fail(`schedule must be whole minutes, at least 1 minute; got ${schedule.toHumanString()}`);
  }
  const functionTimeout =
    props.functionTimeout ??
    (schedule.toSeconds() >= 180 ? Duration.minutes(2) : Duration.seconds(schedule.toSeconds() - 15));
  if (functionTimeout.toSeconds() >= schedule.toSeconds()) {
    fail(
      `functionTimeout (${functionTimeout.toHumanString()}) must be shorter than the schedule (${schedule.toHumanString()}) so runs never overlap`,
    );
  }
  if (functionTimeout.toSeconds() > 900) fail('functionTimeout cannot exceed 15 minutes');
  const requestTimeoutMs = (props.requestTimeout ?? Duration.seconds(10)).toMilliseconds();
  if (requestTimeoutMs + 5_000 > functionTimeout.toMilliseconds()) {
    fail(
      `requestTimeout must leave at least 5 seconds of the functionTimeout (${functionTimeout.toHumanString()}) for the run's margin`,
    );
  }
  const memorySize = props.memorySize ?? 256;
  if (!Number.isInteger(memorySize) || memorySize < 128 || memorySize > 256) {
    fail(`memorySize must be 128 to 256 MB (the probe is I/O bound); got ${memorySize}`);
  }
  const namespace = props.namespace ?? DEFAULT_NAMESPACE;
  if (!/^[A-Za-z0-9._\-/#:]{1,255}$/.test(namespace) || namespace.startsWith('AWS/')) {
    fail(`namespace "${namespace}" is not a valid custom CloudWatch namespace`);
  }
  if (schedule.toSeconds() > 86_400)
    fail(`schedule must be at most 24 hours; got ${schedule.toHumanString()}`);
  const missedRunsToAlarm = props.missedRunsToAlarm ?? 3;
  if (!Number.isInteger(missedRunsToAlarm) || missedRunsToAlarm < 1) {
    fail('missedRunsToAlarm must be a whole number >= 1');
  }
  // CloudWatch rejects alarms that look further back than a day (periods under an hour)
  // or a week: catch it here instead of in the middle of a deploy.
  const maxWindow = schedule.toSeconds() < 3_600 ? 86_400 : 604_800;
  const alarms = resolveAlarmOptions(props.alarms);
  const windows: [string, number][] = [
    ['missedRunsToAlarm', missedRunsToAlarm],
    ...Object.entries(alarms).map(([c, o]): [string, number] => [
      `alarms.${c}.evaluationPeriods`,
      o.evaluationPeriods,
    ]),
  ];
  for (const [what, n] of windows) {
    if (n * schedule.toSeconds() > maxWindow) {
      fail(
        `${what} (${n}) times the schedule (${schedule.toHumanString()}) looks back further than CloudWatch allows (${maxWindow / 3_600} hours)`,
      );
    }
  }
  const reservedConcurrency = props.reservedConcurrency;
  if (
    reservedConcurrency !== undefined &&
    (!Number.isInteger(reservedConcurrency) || reservedConcurrency < 1)
  ) {
    fail('reservedConcurrency must be a whole number >= 1');
  }
  for (const email of props.alarmEmails ?? []) {
    if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email)) fail(`alarmEmails: "${email}" is not an email address`);
  }

  const config = {
    ...(props.notionBaseUrl !== undefined ? { notionBaseUrl: props.notionBaseUrl } : {}),
    ...(props.notionVersion !== undefined ? { notionVersion: props.notionVersion } : {}),
    timeoutMs: requestTimeoutMs,
    integrations: props.integrations,
  };
  const parsed = parseConfig(config);
  if (!parsed.ok) fail(`invalid integrations:\n${parsed.problems.map((p) => `  ${p}`).join('\n')}`);
  for (const [i, integration] of props.integrations.entries()) {
    if (!('secretId' in integration.token)) {
      fail(
        `integrations[${i}].token: the deployed monitor reads tokens from Secrets Manager only ({ "secretId": ... })`,
      );
    }
  }

  const secretIds = [...new Set(props.integrations.map((i) => i.token.secretId))];
  return {
    config,
    secretArns: secretIds.map((id) => (stack: Stack) => secretArns(stack, id)),
    secretKeys: props.secretKeys ?? [],
    schedule,
    functionTimeout,
    memorySize,
    namespace,
    alarmEmails: props.alarmEmails ?? [],
    alarmTopics: props.alarmTopics ?? [],
    alarms,
    missedRunsToAlarm,
    logRetention: props.logRetention ?? logs.RetentionDays.ONE_MONTH,
    reservedConcurrency,
    // Lambda keeps an async event at most 6 hours; a run older than one interval is stale anyway.
    maxEventAge: Duration.seconds(Math.min(schedule.toSeconds(), 21_600)),
  };
}

/**
 * A secret's ARNs for IAM: a name gets `-??????` for the six random characters Secrets
 * Manager appends, so the grant never matches another secret's name.
 */
export function secretArns(stack: Stack, secretId: string): string[] {
  // A full ARN and a partial one whose name happens to end in "-" and six letters look the
  // same: grant both readings.
  if (secretId.startsWith('arn:')) return [secretId, `${secretId}-??????`];
  return [
    stack.formatArn({
      service: 'secretsmanager',
      resource: 'secret',
      resourceName: `${secretId}-??????`,
      arnFormat: ArnFormat.COLON_RESOURCE_NAME,
    }),
  ];
}

/** cdk-nag findings that are deliberate, each with its reason. */
function acknowledgeFindings(monitor: NotionMonitor, role: iam.Role, schedulerRole: iam.Role): void {
  const schedulerPolicy = schedulerRole.node.tryFindChild('DefaultPolicy');
  if (schedulerPolicy) {
    const fn = Stack.of(monitor).getLogicalId(monitor.function.node.defaultChild as lambda.CfnFunction);
    Validations.of(schedulerPolicy).acknowledge({
      id: `AwsSolutions-IAM5[Resource::<${fn}.Arn>:*]`,
      reason:
        "The scheduler target's grant (CDK LambdaInvoke) covers this one function and its versions/aliases (Arn:*); no other function.",
    });
  }
  const policy = role.node.tryFindChild('DefaultPolicy');
  if (policy) {
    Validations.of(policy).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'secretsmanager:BatchGetSecretValue supports no resource-level permissions (GetSecretValue, scoped to the configured secrets, still decides what it returns); cloudwatch:PutMetricData has no resources and is limited by the cloudwatch:namespace condition.',
    });
  }
  Validations.of(monitor.deadLetterQueue).acknowledge({
    id: 'AwsSolutions-SQS3',
    reason:
      'This queue is itself the dead-letter queue of the schedule and the function; a dead-letter queue of a dead-letter queue would never be read.',
  });
}
