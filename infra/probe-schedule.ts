import { ArnFormat, type Duration, Names, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import * as targets from 'aws-cdk-lib/aws-scheduler-targets';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

/** The event every scheduled run receives; the handler treats any payload without its keys the same. */
export const SCHEDULE_EVENT = { source: 'notion-monitor-schedule' } as const;

/** Props of {@link ProbeSchedule}. */
export interface ProbeScheduleProps {
  readonly function: lambda.IFunction;
  /** Whole minutes, checked by the monitor's props. */
  readonly rate: Duration;
  /** A run older than this is dropped rather than delivered late. */
  readonly maxEventAge: Duration;
  /** Where runs the scheduler cannot deliver go. */
  readonly deadLetterQueue: sqs.IQueue;
}

/**
 * EventBridge Scheduler invoking the probe at a fixed rate, without retries, from a
 * schedule group of its own.
 */
export class ProbeSchedule extends Construct {
  readonly schedule: scheduler.Schedule;
  /** Holds only this monitor's schedule, so trusting the group is trusting the schedule. */
  readonly group: scheduler.ScheduleGroup;
  readonly role: iam.Role;

  constructor(scope: Construct, id: string, props: ProbeScheduleProps) {
    super(scope, id);
    const stack = Stack.of(this);
    // A name known at synth time (unique per stack and construct path), so the role's trust
    // can name the group's ARN without waiting for the group to exist.
    const groupName = Names.uniqueResourceName(this, { maxLength: 64, separator: '-' });
    // Deleted with the stack (it holds nothing else), so a redeploy can create the name again.
    this.group = new scheduler.ScheduleGroup(this, 'Group', {
      scheduleGroupName: groupName,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    // Scheduler assumes the role with the schedule's group as aws:SourceArn (AWS documents
    // the group ARN, not the schedule's, as the value it sends), so the group is dedicated.
    this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('scheduler.amazonaws.com', {
        conditions: {
          StringEquals: {
            'aws:SourceAccount': stack.account,
            'aws:SourceArn': stack.formatArn({
              service: 'scheduler',
              resource: 'schedule-group',
              resourceName: groupName,
              arnFormat: ArnFormat.SLASH_RESOURCE_NAME,
            }),
          },
        },
      }),
      description: 'Lets EventBridge Scheduler invoke the Notion monitor probe',
    });
    this.schedule = new scheduler.Schedule(this, 'Schedule', {
      scheduleGroup: this.group,
      schedule: scheduler.ScheduleExpression.rate(props.rate),
      description: 'Runs the Notion monitor probe',
      target: new targets.LambdaInvoke(props.function, {
        input: scheduler.ScheduleTargetInput.fromObject(SCHEDULE_EVENT),
        // The next run is the retry.
        retryAttempts: 0,
        maxEventAge: props.maxEventAge,
        deadLetterQueue: props.deadLetterQueue,
        role: this.role,
      }),
    });
    // The group is named by a plain string, which CloudFormation cannot order by.
    this.schedule.node.addDependency(this.group);
    const policy = this.role.node.tryFindChild('DefaultPolicy');
    const fn = props.function.node.defaultChild;
    if (policy && fn) {
      const logicalId = Stack.of(this).getLogicalId(fn as lambda.CfnFunction);
      Validations.of(policy).acknowledge({
        id: `AwsSolutions-IAM5[Resource::<${logicalId}.Arn>:*]`,
        reason:
          "The scheduler target's grant (CDK LambdaInvoke) covers this one function and its versions/aliases (Arn:*); no other function.",
      });
    }
  }
}
