import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Duration, type RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import type * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as destinations from 'aws-cdk-lib/aws-lambda-destinations';
import * as nodejs from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { NAMESPACE_ENV } from '../functions/handler/load-config.js';
import { type ConfigDelivery, fileWriteCommands, planConfigDelivery } from './config-delivery.js';
import { HANDLER_BUNDLING, nodeOptionsFor } from './handler-bundling.js';
import { type ProbeNetwork, vpcAccessStatement, vpcPlacement } from './probe-network.js';
import { type ProbePermissions, probeStatements } from './probe-permissions.js';
import type { FunctionConfig } from './resolve-props.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

/** Props of {@link ProbeFunction}; every value already resolved and checked. */
export interface ProbeFunctionProps extends ProbePermissions {
  readonly config: FunctionConfig;
  readonly memorySize: number;
  readonly timeout: Duration;
  /** @default no reservation */
  readonly reservedConcurrency?: number | undefined;
  readonly logRetention: logs.RetentionDays;
  /** What deleting the stack does with the log group. */
  readonly removalPolicy: RemovalPolicy;
  /** How long an async (scheduled) invocation may wait to start before it is dropped. */
  readonly maxEventAge: Duration;
  /** @default Lambda's own network, no proxy */
  readonly network?: ProbeNetwork;
}

/**
 * The probe Lambda with its log group, its own least-privilege role, its bundled handler
 * and config, and the dead-letter queue its failed or dropped async invocations go to.
 */
export class ProbeFunction extends Construct {
  readonly function: nodejs.NodejsFunction;
  readonly role: iam.Role;
  readonly logGroup: logs.LogGroup;
  /** Scheduled invocations that could not be delivered, were dropped, or failed. */
  readonly deadLetterQueue: sqs.Queue;
  /** Inline environment variable or bundled file. */
  readonly configDelivery: ConfigDelivery;
  /** The probe's own security group, when it runs in a VPC without security groups given. */
  readonly securityGroup?: ec2.SecurityGroup;

  constructor(scope: Construct, id: string, props: ProbeFunctionProps) {
    super(scope, id);
    this.logGroup = new logs.LogGroup(this, 'Logs', {
      retention: props.logRetention,
      removalPolicy: props.removalPolicy,
    });
    this.role = this.createRole(props);
    this.deadLetterQueue = new sqs.Queue(this, 'DeadLetters', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    // The proxy variables count towards Lambda's 4 KB of environment like the rest.
    this.configDelivery = planConfigDelivery(props.config, {
      [NAMESPACE_ENV]: props.namespace,
      NODE_OPTIONS: nodeOptionsFor(props.memorySize),
      ...props.network?.environment,
    });
    const placement = vpcPlacement(this, props.network);
    if (placement.securityGroup) this.securityGroup = placement.securityGroup;
    this.function = new nodejs.NodejsFunction(this, 'Function', {
      entry: join(ROOT, HANDLER_BUNDLING.entry),
      handler: 'handler',
      projectRoot: ROOT,
      depsLockFilePath: join(ROOT, 'package-lock.json'),
      runtime: lambda.Runtime.NODEJS_24_X,
      architecture: lambda.Architecture.ARM_64,
      memorySize: props.memorySize,
      timeout: props.timeout,
      role: this.role,
      logGroup: this.logGroup,
      loggingFormat: lambda.LoggingFormat.JSON,
      applicationLogLevelV2: lambda.ApplicationLogLevel.INFO,
      systemLogLevelV2: lambda.SystemLogLevel.WARN,
      description: 'Probes Notion integrations and publishes per-category metrics',
      ...(props.reservedConcurrency !== undefined
        ? { reservedConcurrentExecutions: props.reservedConcurrency }
        : {}),
      // Async invokes (the scheduler's) are not retried: the next run is the retry. A run
      // that could not start within one interval is dropped to the dead-letter queue, so
      // a late run never lands on top of the next one.
      retryAttempts: 0,
      maxEventAge: props.maxEventAge,
      onFailure: new destinations.SqsDestination(this.deadLetterQueue),
      environment: { ...this.configDelivery.environment },
      ...placement.functionProps,
      bundling: bundlingOptions(this.configDelivery),
    });
    this.acknowledgeFindings();
  }

  private createRole(props: ProbeFunctionProps): iam.Role {
    // An explicit role instead of AWSLambdaBasicExecutionRole: logs only to its own group.
    const role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: 'Notion monitor probe: reads its Notion tokens, publishes its metrics, writes its logs',
    });
    role.addToPolicy(
      new iam.PolicyStatement({
        actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        // The log group's Arn attribute already ends in :* and so covers its streams.
        resources: [this.logGroup.logGroupArn],
      }),
    );
    for (const statement of probeStatements(Stack.of(this), props)) role.addToPolicy(statement);
    if (props.network?.vpc !== undefined) role.addToPolicy(vpcAccessStatement());
    return role;
  }

  /** cdk-nag findings that are deliberate, each with its reason. */
  private acknowledgeFindings(): void {
    const policy = this.role.node.tryFindChild('DefaultPolicy');
    if (policy) {
      Validations.of(policy).acknowledge({
        id: 'AwsSolutions-IAM5[Resource::*]',
        reason:
          'secretsmanager:BatchGetSecretValue supports no resource-level permissions (GetSecretValue, scoped to the configured secrets, still decides what it returns); cloudwatch:PutMetricData has no resources and is limited by the cloudwatch:namespace condition; in a VPC, the network interface actions Lambda needs are granted on * as in AWSLambdaVPCAccessExecutionRole.',
      });
    }
    Validations.of(this.deadLetterQueue).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason:
        'This queue is itself the dead-letter queue of the schedule and the function; a dead-letter queue of a dead-letter queue would never be read.',
    });
  }
}

/**
 * The bundle as `npm run bench` measures it; a config too big for the environment is
 * written into the bundle's output by the bundling step itself. The commands need a POSIX
 * shell: local bundling on Linux or macOS (esbuild is a dev dependency, so bundling is
 * local) runs each in its own `bash -c`; Docker bundling would join them into one, which
 * holds configs up to about 128 KB.
 */
function bundlingOptions(delivery: ConfigDelivery): nodejs.BundlingOptions {
  return {
    minify: HANDLER_BUNDLING.minify,
    sourceMap: HANDLER_BUNDLING.sourceMap,
    sourcesContent: HANDLER_BUNDLING.sourcesContent,
    target: HANDLER_BUNDLING.target,
    format: nodejs.OutputFormat.CJS,
    externalModules: [...HANDLER_BUNDLING.externalModules],
    ...(delivery.kind === 'file'
      ? {
          commandHooks: {
            beforeBundling: () => [],
            beforeInstall: () => [],
            afterBundling: (_input: string, output: string) =>
              fileWriteCommands(delivery.fileText, `${output}/${delivery.fileName}`),
          },
        }
      : {}),
  };
}
