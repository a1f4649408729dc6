import { describe, expect, it } from 'vitest';
import {
  FAILURE_CATEGORIES,
  INTEGRATION_FAILURE_CATEGORIES,
  REQUEST_CHECK_KINDS,
} from '../../functions/shared/categories.js';
import { synth } from './synth.js';

describe('NotionMonitor: the pieces, composed', () => {
  it('one function, schedule, queue, topic, key, dashboard; an alarm per category, a slow alarm per request kind, three of its own; no mute rule, chat channel or rule unless asked', () => {
    const { template, monitor, ref } = synth();
    const counts = {
      'AWS::Lambda::Function': 1,
      'AWS::Lambda::EventInvokeConfig': 1,
      'AWS::Logs::LogGroup': 1,
      'AWS::Scheduler::Schedule': 1,
      'AWS::SQS::Queue': 1,
      'AWS::SNS::Topic': 1,
      'AWS::KMS::Key': 1,
      'AWS::IAM::Role': 2,
      'AWS::CloudWatch::Dashboard': 1,
      'AWS::CloudWatch::Alarm': INTEGRATION_FAILURE_CATEGORIES.length + REQUEST_CHECK_KINDS.length + 3,
    };
    for (const [type, count] of Object.entries(counts)) template.resourceCountIs(type, count);
    for (const type of [
      'AWS::CloudWatch::AlarmMuteRule',
      'AWS::Chatbot::SlackChannelConfiguration',
      'AWS::Chatbot::MicrosoftTeamsChannelConfiguration',
    ])
      template.resourceCountIs(type, 0);
    // The two secret-change rules (issue 13) are always there; the health-change rule only when asked.
    template.resourceCountIs('AWS::Events::Rule', 2);
    for (const rule of Object.values(template.findResources('AWS::Events::Rule')))
      expect(JSON.stringify(rule.Properties.EventPattern)).not.toContain('aws.cloudwatch');
    // Every category is a key; without receivers the receiver categories have no alarm.
    expect(Object.keys(monitor.categoryAlarms)).toEqual([...FAILURE_CATEGORIES]);
    expect(FAILURE_CATEGORIES.filter((c) => monitor.categoryAlarms[c] !== undefined)).toEqual([
      ...INTEGRATION_FAILURE_CATEGORIES,
    ]);
    // The public attributes are the resources in the template.
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: 'NotionMonitor-not-running',
      AlarmActions: [ref(monitor.topic)],
    });
    expect(ref(monitor.notRunningAlarm).Ref).toMatch(/notrunning/);
    expect(ref(monitor.functionErrorsAlarm).Ref).toMatch(/functionfailed/);
    expect(ref(monitor.lostRunsAlarm).Ref).toMatch(/lostruns/);
    expect(ref(monitor.dashboard).Ref).toMatch(/Dashboard/);
    expect(monitor.dashboardUrl).toContain('#dashboards:name=');
  });

  it('creates no outputs: they are the stack’s (NotionMonitorStack), so two monitors fit one stack', () => {
    const { template } = synth();
    expect(template.toJSON().Outputs).toBeUndefined();
  });
});

describe('what the template holds', () => {
  it('no token or secret value, and secret names only in the policy ARNs, the function config and the secret-change rules', () => {
    const secretValue = 'ntn_neverInTheTemplateaijZGzi3GFuSDB6Tm2a3';
    const { template } = synth();
    const text = JSON.stringify(template.toJSON());
    expect(text).not.toContain(secretValue);
    expect(text).not.toMatch(/ntn_[A-Za-z0-9]{10,}/);
    // Remove the three places that must name the secrets; nothing else may.
    const resources = template.toJSON().Resources as Record<
      string,
      { Type: string; Properties: Record<string, unknown> }
    >;
    const rest = Object.values(resources).map((r) => {
      if (r.Type === 'AWS::IAM::Policy')
        return { ...r, Properties: { ...r.Properties, PolicyDocument: null } };
      if (r.Type === 'AWS::Lambda::Function')
        return { ...r, Properties: { ...r.Properties, Environment: null } };
      if (r.Type === 'AWS::Events::Rule')
        return { ...r, Properties: { ...r.Properties, EventPattern: null } };
      return r;
    });
    const restText = JSON.stringify({ rest, outputs: template.toJSON().Outputs });
    for (const name of ['prod/notion-webhooks', 'prod/crm']) expect(restText).not.toContain(name);
    expect(text).toContain('prod/notion-webhooks');
  });
});
