import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { buildApp } from '../../infra/app.js';
import { NotionMonitorPropsError } from '../../infra/resolve-props.js';

const INTEGRATION = { name: 'crm', token: { secretId: 'prod/notion-crm' } };

/** A stage file with every alarm setting of issue 12. */
const ALARM_SETTINGS = {
  alarms: { rate_limited: { evaluationPeriods: 6, datapointsToAlarm: 4 } },
  slowAlarm: { thresholdMs: 2500 },
  maintenanceWindows: [
    { name: 'notion-maint', schedule: 'cron(0 2 ? * SUN)', duration: 'PT2H', timeZone: 'Europe/Paris' },
    { name: 'migration', schedule: 'at(2027-03-01T22:00)', duration: 'P1DT12H', alarms: ['auth'] },
  ],
  slack: { workspaceId: 'T0123ABCD', channelId: 'C0123ABCD' },
  teams: {
    teamId: '0f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0',
    channelId: '19%3aabc%40thread.tacv2',
    tenantId: '9a8b7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d',
  },
  integrations: [INTEGRATION],
};

function stageFile(content: unknown): { dir: string; file: string } {
  const dir = mkdtempSync(join(tmpdir(), 'stage-alarms-'));
  const file = join(dir, 'alarms.json');
  writeFileSync(file, JSON.stringify(content));
  return { dir, file };
}

describe('the alarm settings in a stage file', () => {
  it('become the construct props (ISO durations included), and cdk-nag finds nothing unacknowledged', () => {
    const { dir, file } = stageFile(ALARM_SETTINGS);
    const outdir = join(dir, 'out');
    const { app, stack } = buildApp(
      new App({ outdir, context: { stage: 'alarms', config: file, 'aws:cdk:bundling-stacks': [] } }),
    );
    app.synth();
    const report = JSON.parse(readFileSync(join(outdir, 'validation-report.json'), 'utf8')) as {
      pluginReports: unknown[];
    };
    expect(report.pluginReports).toEqual([]);
    const t = Template.fromStack(stack);
    t.hasResourceProperties('AWS::CloudWatch::AlarmMuteRule', {
      Name: 'NotionMonitor-alarms-notion-maint',
      Rule: { Schedule: { Expression: 'cron(0 2 ? * SUN)', Duration: 'PT2H', Timezone: 'Europe/Paris' } },
    });
    t.hasResourceProperties('AWS::CloudWatch::AlarmMuteRule', {
      Name: 'NotionMonitor-alarms-migration',
      Rule: { Schedule: { Expression: 'at(2027-03-01T22:00)', Duration: 'P1DT12H' } },
      MuteTargets: {
        AlarmNames: [
          { Ref: stack.getLogicalId(stack.monitor.categoryAlarms.auth?.node.defaultChild as never) },
        ],
      },
    });
    t.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: 'NotionMonitor-alarms-slow-auth',
      Threshold: 2500,
    });
    t.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: 'NotionMonitor-alarms-rate_limited',
      EvaluationPeriods: 6,
      DatapointsToAlarm: 4,
    });
    t.resourceCountIs('AWS::Chatbot::SlackChannelConfiguration', 1);
    t.resourceCountIs('AWS::Chatbot::MicrosoftTeamsChannelConfiguration', 1);
  });

  it("a broken one lists every problem under the file's keys", () => {
    const { file } = stageFile({
      ...ALARM_SETTINGS,
      alarms: { auth: { threshold: 2 } },
      maintenanceWindows: [{ name: 'w', schedule: 'cron(0 2 * * 1)', duration: '2h' }],
      slowAlarm: { thresholdMs: 20_000 },
    });
    const app = new App({ context: { stage: 'broken', config: file, 'aws:cdk:bundling-stacks': [] } });
    let error: unknown;
    try {
      buildApp(app);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(NotionMonitorPropsError);
    expect((error as NotionMonitorPropsError).problems).toEqual([
      'alarms.auth: unknown key "threshold"',
      'maintenanceWindows[0].duration: must be an ISO 8601 duration such as PT2H or P1DT12H',
      'slowAlarm.thresholdMs (20000) must be below the request timeout (10000 ms): slower requests end as timeout and publish no latency',
    ]);
  });
});
