import { Annotations, ArnFormat, Duration, Stack } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import {
  API_CALL,
  CLOUDTRAIL_EVENT_SOURCE,
  CURRENT_STAGE,
  LABEL_UPDATED,
  ROTATION_EVENTS,
  SECRET_CHANGE_CALLS,
  SECRETS_MANAGER_SOURCE,
  SERVICE_EVENT,
} from '../functions/shared/secret-events.js';

/**
 * EventBridge's default limit on an event pattern, in characters (adjustable to 4,096):
 * "Amazon EventBridge quotas", docs.aws.amazon.com/eventbridge/latest/userguide/eb-quota.html.
 */
export const MAX_PATTERN_CHARS = 2_048;
/** The longest ARN prefix a Region and account can give, to size a pattern before deploy. */
const LONGEST_ARN_PREFIX = 'arn:aws-us-gov:secretsmanager:ap-southeast-3:123456789012:secret:';
const SUFFIX = /-[A-Za-z0-9]{6}$/;

/** A configured secret as events name it: its possible names, and its ARN without the suffix. */
interface SecretNames {
  readonly names: readonly string[];
  readonly arnPrefix: string;
}

/**
 * The names and ARN prefix of a configured id. A name: itself, and the stack's ARN for it. An
 * ARN: the name after `secret:`, with and without what may be the random suffix (a partial
 * ARN's name can end like one). The prefix matches the ARN with and without the suffix; it
 * may match a longer name too (`prod/x` matches `prod/x-2-AbCdEf`): the handler then finds no
 * integration for it and probes nothing.
 */
export function secretNamesOf(secretId: string, arnOfName: (name: string) => string): SecretNames {
  if (!secretId.startsWith('arn:')) return { names: [secretId], arnPrefix: arnOfName(secretId) };
  const name = secretId.slice(secretId.indexOf(':secret:') + ':secret:'.length);
  const names = [...new Set([name.replace(SUFFIX, ''), name])];
  return { names, arnPrefix: secretId.replace(SUFFIX, '') };
}

/** CloudTrail's entries for the secrets (all secrets when `secrets` is undefined). */
export function cloudTrailPattern(secrets: readonly SecretNames[] | undefined): events.EventPattern {
  const secretId = [
    ...(secrets ?? []).flatMap((s) => s.names),
    ...(secrets ?? []).map((s) => ({ prefix: s.arnPrefix })),
  ];
  return {
    source: [SECRETS_MANAGER_SOURCE],
    detailType: [API_CALL, SERVICE_EVENT],
    detail: {
      eventSource: [CLOUDTRAIL_EVENT_SOURCE],
      eventName: [...SECRET_CHANGE_CALLS, ...ROTATION_EVENTS],
      // The id as the caller gave it: a name exactly, or an ARN (with or without the suffix) by
      // prefix. Rotation events, rare, pass whatever the secret (the handler filters them).
      ...(secrets === undefined
        ? {}
        : {
            $or: [{ requestParameters: { secretId } }, { eventName: [...ROTATION_EVENTS] }],
          }),
    },
  };
}

/** Secrets Manager's own event when AWSCURRENT moves, for the secrets' names (all when undefined). */
export function labelUpdatedPattern(secrets: readonly SecretNames[] | undefined): events.EventPattern {
  return {
    source: [SECRETS_MANAGER_SOURCE],
    detailType: [LABEL_UPDATED],
    detail: {
      labelUpdated: [CURRENT_STAGE],
      ...(secrets === undefined ? {} : { name: secrets.flatMap((s) => s.names) }),
    },
  };
}

/** Props of {@link SecretChangeRule}. */
export interface SecretChangeRuleProps {
  readonly function: lambda.IFunction;
  /** The secret ids of the config, as written there. */
  readonly secretIds: readonly string[];
}

/**
 * Invokes the probe when one of the monitored secrets changes (issue 13): two rules on the
 * default event bus, one for CloudTrail's entries (needs a trail recording management events)
 * and one for Secrets Manager's own `Secret Label Updated` event (needs nothing), each with the
 * event as AWS sends it. The handler probes only the integrations that read the secret, once
 * per version current (see functions/handler/secret-change-run.ts).
 */
export class SecretChangeRule extends Construct {
  readonly cloudTrailRule: events.Rule;
  readonly labelRule: events.Rule;

  constructor(scope: Construct, id: string, props: SecretChangeRuleProps) {
    super(scope, id);
    const stack = Stack.of(this);
    const arnOf = (name: string) =>
      stack.formatArn({
        service: 'secretsmanager',
        resource: 'secret',
        resourceName: name,
        arnFormat: ArnFormat.COLON_RESOURCE_NAME,
      });
    const secrets = props.secretIds.map((s) => secretNamesOf(s, arnOf));
    // Sized with the longest ARN prefix a stack can have, since the Region and account may be unknown here.
    const sized = props.secretIds.map((s) => secretNamesOf(s, (n) => `${LONGEST_ARN_PREFIX}${n}`));
    const fitting = (
      pattern: (s: readonly SecretNames[] | undefined) => events.EventPattern,
      rule: string,
    ) => {
      if (JSON.stringify(pattern(sized)).length <= MAX_PATTERN_CHARS) return pattern(secrets);
      Annotations.of(this).addWarningV2(
        `notion-monitor:secret-change-pattern-${rule}`,
        `The ${rule} rule's pattern would pass EventBridge's ${MAX_PATTERN_CHARS}-character limit with ${props.secretIds.length} secrets: it matches every Secrets Manager change in the account instead, and the function probes only the integrations of a monitored secret.`,
      );
      return pattern(undefined);
    };
    // EventBridge retries a failed delivery; a change older than the schedule is the schedule's to catch.
    const target = () =>
      new targets.LambdaFunction(props.function, { retryAttempts: 2, maxEventAge: Duration.hours(1) });
    this.cloudTrailRule = new events.Rule(this, 'CloudTrail', {
      description:
        'Probes the Notion integrations (and webhook receivers) of a secret when CloudTrail records a change to it',
      eventPattern: fitting(cloudTrailPattern, 'CloudTrail'),
      targets: [target()],
    });
    this.labelRule = new events.Rule(this, 'LabelUpdated', {
      description:
        "Probes the Notion integrations (and webhook receivers) of a secret when its AWSCURRENT label moves (Secrets Manager's own event)",
      eventPattern: fitting(labelUpdatedPattern, 'LabelUpdated'),
      targets: [target()],
    });
  }
}
