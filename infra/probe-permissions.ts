import { ArnFormat, type Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';

/** What the probe may touch besides its log group and dead-letter queue. */
export interface ProbePermissions {
  readonly secretIds: readonly string[];
  readonly secretKeys: readonly kms.IKey[];
  readonly namespace: string;
}

/**
 * The probe's grants on secrets, keys and metrics.
 *
 * Not `Secret.fromSecretNameV2(...).grantRead()`, although it derives the same `-??????`
 * ARNs: it also grants `secretsmanager:DescribeSecret`, which the probe never calls, and
 * it grants `kms:Decrypt` only for a key attached to each secret and only through the
 * key's resource policy, which an imported key (`kms.Key.fromKeyArn`, all that
 * `secretKeys` can be) does not let it change: the grant is then dropped without a word
 * (tried with aws-cdk-lib 2.276). So: GetSecretValue alone, and kms:Decrypt on the role
 * with the same `kms:ViaService` condition the CDK would write.
 */
export function probeStatements(stack: Stack, p: ProbePermissions): iam.PolicyStatement[] {
  const statements = [
    new iam.PolicyStatement({
      actions: ['secretsmanager:GetSecretValue'],
      resources: p.secretIds.flatMap((id) => secretArns(stack, id)),
    }),
    new iam.PolicyStatement({
      // BatchGetSecretValue cannot be scoped to resources; GetSecretValue above still
      // decides which secrets it may return.
      actions: ['secretsmanager:BatchGetSecretValue'],
      resources: ['*'],
    }),
  ];
  if (p.secretKeys.length > 0) {
    statements.push(
      new iam.PolicyStatement({
        actions: ['kms:Decrypt'],
        resources: p.secretKeys.map((k) => k.keyArn),
        conditions: { StringEquals: { 'kms:ViaService': `secretsmanager.${stack.region}.amazonaws.com` } },
      }),
    );
  }
  statements.push(
    new iam.PolicyStatement({
      actions: ['cloudwatch:PutMetricData'],
      resources: ['*'],
      conditions: { StringEquals: { 'cloudwatch:namespace': p.namespace } },
    }),
  );
  return statements;
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
