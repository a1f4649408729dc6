import { App, Duration, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { describe, expect, it } from 'vitest';
import { INTEGRATION_FAILURE_CATEGORIES } from '../../functions/shared/categories.js';
import { NotionMonitor, type NotionMonitorProps } from '../../infra/notion-monitor.js';
import { NotionMonitorPropsError, resolveProps } from '../../infra/resolve-props.js';
import { ENV, INTEGRATIONS, synth } from './synth.js';

/** A monitor in a stack not yet synthesized: the test adds to it first. */
function synthLater(props: Partial<NotionMonitorProps>) {
  const stack = new Stack(new App({ context: { 'aws:cdk:bundling-stacks': [] } }), 'Test', { env: ENV });
  const monitor = new NotionMonitor(stack, 'Monitor', { integrations: INTEGRATIONS, ...props });
  const id = (c: { node: { defaultChild?: unknown } }) => stack.getLogicalId(c.node.defaultChild as never);
  return {
    stack,
    monitor,
    ref: (c: { node: { defaultChild?: unknown } }) => ({ Ref: id(c) }),
    getAtt: (c: { node: { defaultChild?: unknown } }, a: string) => ({ 'Fn::GetAtt': [id(c), a] }),
  };
}

describe('maintenance windows', () => {
  it('a default window mutes the transient categories and the slow alarms, never a deterministic one', () => {
    const s = synth({
      namespace: 'NotionMonitor/prod',
      maintenanceWindows: [
        { name: 'notion-maint', schedule: 'cron(0 2 ? * SUN)', duration: Duration.hours(2) },
      ],
    });
    s.template.resourceCountIs('AWS::CloudWatch::AlarmMuteRule', 1);
    const muted = [
      'secret_unavailable',
      'not_notion',
      'rate_limited',
      'timeout',
      'network',
      'server_error',
    ].map((c) => s.ref(s.monitor.categoryAlarms[c as 'timeout'] as never));
    s.template.hasResourceProperties('AWS::CloudWatch::AlarmMuteRule', {
      Name: 'NotionMonitor-prod-notion-maint',
      Rule: { Schedule: { Expression: 'cron(0 2 ? * SUN)', Duration: 'PT2H', Timezone: Match.absent() } },
      MuteTargets: {
        AlarmNames: [
          ...muted,
          s.ref(s.monitor.slowAlarms.get('slow-auth') as never),
          s.ref(s.monitor.slowAlarms.get('slow-target') as never),
        ],
      },
    });
    const text = JSON.stringify(s.template.findResources('AWS::CloudWatch::AlarmMuteRule'));
    for (const c of ['config', 'auth', 'proxy_auth', 'forbidden', 'not_found'])
      expect(text).not.toContain(s.ref(s.monitor.categoryAlarms[c as 'auth'] as never).Ref);
  });

  it('a window that names auth mutes auth; a one-time window with its time zone', () => {
    const s = synth({
      maintenanceWindows: [
        {
          name: 'migration',
          schedule: 'at(2027-03-01T22:00)',
          duration: Duration.days(2),
          timeZone: 'Europe/Paris',
          alarms: ['auth', 'not-running'],
        },
      ],
    });
    s.template.hasResourceProperties('AWS::CloudWatch::AlarmMuteRule', {
      Name: 'NotionMonitor-migration',
      Rule: { Schedule: { Expression: 'at(2027-03-01T22:00)', Duration: 'P2D', Timezone: 'Europe/Paris' } },
      MuteTargets: {
        AlarmNames: [s.ref(s.monitor.categoryAlarms.auth as never), s.ref(s.monitor.notRunningAlarm)],
      },
    });
    expect(s.monitor.maintenanceWindows).toHaveLength(1);
  });
});

describe('chat targets', () => {
  it('Slack and Teams on the alarm topic, each with a role of no permissions and a read-only guardrail', () => {
    const s = synth({
      alarmNamePrefix: 'notion-prod',
      slack: { workspaceId: 'T0123ABCD', channelId: 'C0123ABCD' },
      teams: {
        teamId: '0f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0',
        channelId: '19%3aabc%40thread.tacv2',
        tenantId: '9a8b7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d',
      },
    });
    const topic = s.ref(s.monitor.topic);
    const guardrail = [
      { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::aws:policy/CloudWatchReadOnlyAccess']] },
    ];
    s.template.hasResourceProperties('AWS::Chatbot::SlackChannelConfiguration', {
      ConfigurationName: 'notion-prod-slack',
      SlackWorkspaceId: 'T0123ABCD',
      SlackChannelId: 'C0123ABCD',
      SnsTopicArns: [topic],
      GuardrailPolicies: guardrail,
      IamRoleArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('SlackRole'), 'Arn'] },
    });
    s.template.hasResourceProperties('AWS::Chatbot::MicrosoftTeamsChannelConfiguration', {
      ConfigurationName: 'notion-prod-teams',
      TeamId: '0f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0',
      TeamsChannelId: '19%3aabc%40thread.tacv2',
      TeamsTenantId: '9a8b7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d',
      SnsTopicArns: [topic],
      GuardrailPolicies: guardrail,
      IamRoleArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('TeamsRole'), 'Arn'] },
    });
    const roles = s.template.findResources('AWS::IAM::Role', {
      Properties: {
        AssumeRolePolicyDocument: {
          Statement: [Match.objectLike({ Principal: { Service: 'chatbot.amazonaws.com' } })],
        },
      },
    });
    expect(Object.keys(roles)).toHaveLength(2);
    for (const role of Object.values(roles) as { Properties: Record<string, unknown> }[]) {
      expect(role.Properties.ManagedPolicyArns).toBeUndefined();
      expect(role.Properties.Policies).toBeUndefined();
    }
    // No policy names a chat role either.
    const policies = JSON.stringify(s.template.findResources('AWS::IAM::Policy'));
    for (const id of Object.keys(roles)) expect(policies).not.toContain(id);
  });

  it('only Slack when only Slack is asked for', () => {
    const s = synth({ slack: { workspaceId: 'T1', channelId: 'C1' } });
    s.template.resourceCountIs('AWS::Chatbot::SlackChannelConfiguration', 1);
    s.template.resourceCountIs('AWS::Chatbot::MicrosoftTeamsChannelConfiguration', 0);
  });
});

describe('onIntegrationHealthChange', () => {
  it("an EventBridge rule on the category alarms' state and contributor state changes, to the target", () => {
    const s = synthLater({ alarms: { not_found: { enabled: false } } });
    const fn = new lambda.Function(s.stack, 'Pause', {
      runtime: lambda.Runtime.NODEJS_22_X,
      handler: 'index.handler',
      code: lambda.Code.fromInline('exports.handler = async () => {}'),
    });
    const rule = s.monitor.onIntegrationHealthChange('Health', new targets.LambdaFunction(fn));
    const template = Template.fromStack(s.stack);
    // Without receivers, no receiver alarm (receiver-alarms.test.ts has them in the rule).
    const alarms = INTEGRATION_FAILURE_CATEGORIES.filter((c) => c !== 'not_found').map((c) =>
      s.getAtt(s.monitor.categoryAlarms[c] as never, 'Arn'),
    );
    template.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: {
        source: ['aws.cloudwatch'],
        'detail-type': ['CloudWatch Alarm State Change', 'CloudWatch Alarm Contributor State Change'],
        resources: alarms,
      },
      State: 'ENABLED',
      Targets: [{ Arn: s.getAtt(fn, 'Arn'), Id: 'Target0' }],
    });
    expect(s.ref(rule).Ref).toMatch(/^MonitorHealth/);
  });

  it('refuses to build a rule on no alarm at all (EventBridge refuses an empty resources list)', () => {
    const off = Object.fromEntries(INTEGRATION_FAILURE_CATEGORIES.map((c) => [c, { enabled: false }]));
    const s = synthLater({ alarms: off });
    const target = new targets.SqsQueue(s.monitor.deadLetterQueue);
    expect(() => s.monitor.onIntegrationHealthChange('Health', target)).toThrow(
      /every category alarm is disabled/,
    );
  });
});

/** The problems resolveProps reports (none: an empty list). */
function problemsOf(props: Partial<NotionMonitorProps>): readonly string[] {
  try {
    resolveProps({ integrations: INTEGRATIONS, ...props });
    return [];
  } catch (error) {
    if (error instanceof NotionMonitorPropsError) return error.problems;
    throw error;
  }
}

describe('the new props are checked at synth, every problem at once', () => {
  it('windows, the slow threshold, chat ids and a schedule too long for Metrics Insights alarms', () => {
    expect(
      problemsOf({
        schedule: Duration.hours(4),
        slowAlarm: { thresholdMs: 10_000, datapointsToAlarm: 4 },
        maintenanceWindows: [
          { name: 'a b', schedule: 'rate(1 day)', duration: Duration.seconds(30) },
          { name: 'w', schedule: 'cron(0 2 * *)', duration: Duration.days(16), timeZone: 'Mars/Olympus' },
          {
            name: 'w',
            schedule: 'at(2027-03-01T22:00)',
            duration: Duration.hours(1),
            alarms: ['teapot' as never],
          },
          { name: 'x', schedule: 'cron(0 2 * * 1)', duration: Duration.hours(1), alarms: ['not_found'] },
        ],
        alarms: { not_found: { enabled: false } },
        slack: { workspaceId: '', channelId: 'C1' },
        teams: {
          teamId: 't',
          channelId: '19%3aabc%40thread.tacv2',
          tenantId: '',
          configurationName: 'bad name',
        },
      }),
    ).toEqual([
      'schedule (4 hours) must be at most 3 hours while a category alarm is enabled: a Metrics Insights alarm evaluates only the last 3 hours',
      'slowAlarm.thresholdMs (10000) must be below the request timeout (10000 ms): slower requests end as timeout and publish no latency',
      'slowAlarm.datapointsToAlarm (4) cannot exceed evaluationPeriods (3)',
      'maintenanceWindows[0].name must be 1 to 64 letters, digits, "_", "." or "-"',
      'maintenanceWindows[0].schedule must be cron(Minutes Hours Day-of-month Month Day-of-week) or at(yyyy-mm-ddThh:mm)',
      'maintenanceWindows[0].duration must be from 1 minute to 15 days (PT1M to P15D)',
      'maintenanceWindows[1].schedule must be cron(Minutes Hours Day-of-month Month Day-of-week) or at(yyyy-mm-ddThh:mm)',
      'maintenanceWindows[1].duration must be from 1 minute to 15 days (PT1M to P15D)',
      'maintenanceWindows[1].timeZone "Mars/Olympus" is not an IANA time zone',
      'maintenanceWindows[2].name "w" is used by another window',
      expect.stringMatching(
        /^maintenanceWindows\[2\]\.alarms: "teapot" is not an alarm; use one of config, /,
      ),
      'maintenanceWindows[3].alarms: the not_found alarm is disabled',
      'slack.workspaceId is required',
      'teams.teamId "t" must be a GUID',
      'teams.tenantId is required',
      'teams.configurationName "bad name" must be 1 to 128 letters, digits, "_" or "-"',
    ]);
  });

  it('the limits themselves pass: 1 minute and 15 days, 36 runs of 5 minutes (3 hours), a 1-hour schedule with 3 runs', () => {
    expect(
      problemsOf({
        maintenanceWindows: [
          { name: 'short', schedule: 'cron(0 2 * * 1)', duration: Duration.minutes(1) },
          { name: 'long', schedule: 'cron(0 2 1 * ?)', duration: Duration.days(15) },
        ],
        alarms: { rate_limited: { evaluationPeriods: 36, datapointsToAlarm: 2 } },
      }),
    ).toEqual([]);
    expect(problemsOf({ schedule: Duration.hours(1) })).toEqual([]);
    expect(problemsOf({ schedule: Duration.hours(2) })).toEqual(
      ['secret_unavailable', 'not_notion', 'rate_limited', 'timeout', 'network', 'server_error'].map(
        (c) =>
          `alarms.${c}.evaluationPeriods (3) times schedule (2 hours) looks back further than CloudWatch allows (3 hours for a Metrics Insights alarm)`,
      ),
    );
  });
});
