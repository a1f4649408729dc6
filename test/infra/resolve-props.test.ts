import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, Duration, Stack } from 'aws-cdk-lib';
import { describe, expect, it } from 'vitest';
import { buildApp } from '../../infra/app.js';
import { APP_CONFIG_LABELS } from '../../infra/app-config.js';
import { NotionMonitor, type NotionMonitorProps } from '../../infra/notion-monitor.js';
import { setPropsSource } from '../../infra/props-source.js';
import { NotionMonitorPropsError, resolveProps } from '../../infra/resolve-props.js';
import { ENV, INTEGRATIONS, WEBHOOKS } from './synth.js';

/** The problems resolveProps reports for these props (none: an empty list). */
function problemsOf(props: Partial<NotionMonitorProps>, labelled = false): readonly string[] {
  try {
    resolveProps(
      { integrations: INTEGRATIONS, ...props },
      labelled ? { description: 'dev.json', labels: APP_CONFIG_LABELS } : undefined,
    );
    return [];
  } catch (error) {
    if (error instanceof NotionMonitorPropsError) return error.problems;
    throw error;
  }
}

describe('resolveProps: defaults', () => {
  it('fills every default once', () => {
    const r = resolveProps({ integrations: INTEGRATIONS });
    expect(r.schedule.toSeconds()).toBe(300);
    expect(r.functionTimeout.toSeconds()).toBe(120);
    expect(r.maxEventAge.toSeconds()).toBe(300);
    expect(r).toMatchObject({
      memorySize: 256,
      namespace: 'NotionMonitor',
      alarmNamePrefix: 'NotionMonitor',
      missedRunsToAlarm: 3,
      reservedConcurrency: undefined,
      secretIds: ['prod/notion-webhooks', INTEGRATIONS[1]?.token.secretId],
      config: { timeoutMs: 10_000, integrations: INTEGRATIONS },
    });
  });

  it('a short schedule gets a timeout 15 seconds shorter; the alarm prefix follows the namespace', () => {
    const r = resolveProps({
      integrations: INTEGRATIONS,
      schedule: Duration.minutes(2),
      namespace: 'Team/Notion#1',
    });
    expect(r.functionTimeout.toSeconds()).toBe(105);
    expect(r.alarmNamePrefix).toBe('Team-Notion-1');
  });
});

describe('resolveProps: each problem, named by the prop', () => {
  it.each<[string, Partial<NotionMonitorProps>, RegExp]>([
    ['no integrations', { integrations: [] }, /integrations must list at least one integration/],
    [
      'an env token',
      { integrations: [{ name: 'a', token: { env: 'X' } as never }] },
      /integrations\[0\]\.token: the deployed monitor reads tokens from Secrets Manager only/,
    ],
    [
      'duplicate names',
      { integrations: [WEBHOOKS, WEBHOOKS] },
      /integrations\[1\]\.name: duplicate name, also used by integrations\[0\]/,
    ],
    [
      'a malformed target',
      { integrations: [{ name: 'a', token: { secretId: 's' }, targets: [{ kind: 'page', id: 'a/b' }] }] },
      /integrations\[0\]\.targets\[0\]\.id/,
    ],
    [
      'a secretId with "*" (an IAM wildcard)',
      { integrations: [{ name: 'a', token: { secretId: 'prod/*' } }] },
      /integrations\[0\]\.token\.secretId: secretId must not contain "\*" or "\?"/,
    ],
    [
      'a secretId with "?" (an IAM wildcard cdk-nag does not see)',
      { integrations: [{ name: 'a', token: { secretId: 'prod/notion-??????' } }] },
      /integrations\[0\]\.token\.secretId: secretId must not contain "\*" or "\?"/,
    ],
    [
      'a sub-minute schedule',
      { schedule: Duration.seconds(30) },
      /^schedule \(30 seconds\) must be whole minutes/,
    ],
    [
      'a schedule over a day',
      { schedule: Duration.hours(25) },
      /^schedule \(1 day 1 hour\) must be whole minutes, from 1 minute to 24 hours/,
    ],
    [
      'a timeout as long as the schedule',
      { schedule: Duration.minutes(2), functionTimeout: Duration.minutes(2) },
      /^functionTimeout \(2 minutes\) must be shorter than schedule \(2 minutes\)/,
    ],
    [
      'a timeout over 15 minutes',
      { schedule: Duration.hours(1), functionTimeout: Duration.minutes(16) },
      /^functionTimeout \(16 minutes\) must be whole seconds, from 1 to 900/,
    ],
    [
      'a request timeout eating the margin',
      { requestTimeout: Duration.seconds(118) },
      /^requestTimeout \(1 minute 58 seconds\) must leave at least 5 seconds/,
    ],
    [
      'a request timeout the probe refuses',
      { requestTimeout: Duration.millis(50) },
      /^requestTimeout \(50 millis\): timeoutMs must be at least 100/,
    ],
    ['too much memory', { memorySize: 1024 }, /^memorySize \(1024\) must be 128 to 256 MB/],
    [
      'an AWS namespace',
      { namespace: 'AWS/Lambda' },
      /^namespace \("AWS\/Lambda"\) is not a valid custom CloudWatch namespace/,
    ],
    [
      'an alarm name prefix with a slash',
      { alarmNamePrefix: 'a/b' },
      /^alarmNamePrefix \("a\/b"\) may hold only letters/,
    ],
    [
      'a bad email',
      { alarmEmails: ['oncall@example.com', 'oncall'] },
      /^alarmEmails\[1\]: "oncall" is not an email address/,
    ],
    [
      'M greater than N',
      { alarms: { auth: { evaluationPeriods: 1, datapointsToAlarm: 2 } } },
      /alarms\.auth\.datapointsToAlarm \(2\) cannot exceed evaluationPeriods \(1\)/,
    ],
    [
      'a threshold (each failing integration is its own contributor now)',
      { alarms: { timeout: { threshold: 2 } as never } },
      /^alarms\.timeout\.threshold is no longer a setting: each failing integration is its own contributor/,
    ],
    ['an unknown category', { alarms: { teapot: {} } as never }, /alarms\.teapot is not a category/],
    ['zero missed runs', { missedRunsToAlarm: 0 }, /^missedRunsToAlarm \(0\) must be a whole number >= 1/],
    [
      'an alarm window longer than CloudWatch allows',
      { alarms: { auth: { evaluationPeriods: 300 } } },
      /alarms\.auth\.evaluationPeriods \(300\) times schedule \(5 minutes\) looks back further than CloudWatch allows \(3 hours for a Metrics Insights alarm\)/,
    ],
    [
      'a category alarm window just over the 3 hours a Metrics Insights alarm evaluates',
      { alarms: { rate_limited: { evaluationPeriods: 37 } } },
      /^alarms\.rate_limited\.evaluationPeriods \(37\) times schedule \(5 minutes\) looks back further than CloudWatch allows \(3 hours/,
    ],
    ['too many missed runs', { missedRunsToAlarm: 400 }, /^missedRunsToAlarm \(400\) times schedule/],
    [
      'a zero reservation',
      { reservedConcurrency: 0 },
      /^reservedConcurrency \(0\) must be a whole number >= 1/,
    ],
  ])('%s', (_, props, message) => {
    const problems = problemsOf(props);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(message);
  });
});

const SEVERAL: Partial<NotionMonitorProps> = {
  schedule: Duration.minutes(2),
  functionTimeout: Duration.seconds(150),
  requestTimeout: Duration.millis(50),
  memorySize: 512,
  alarmEmails: ['oncall'],
  alarms: { auth: { datapointsToAlarm: 0 } },
  integrations: [{ name: 'a', token: { env: 'X' } as never }],
};

describe('resolveProps: every problem at once', () => {
  it('collects them all in one NotionMonitorPropsError, in the construct props’ names', () => {
    const problems = problemsOf(SEVERAL);
    expect(problems).toEqual([
      'functionTimeout (2 minutes 30 seconds) must be shorter than schedule (2 minutes) so runs never overlap',
      'alarms.auth.datapointsToAlarm must be a whole number >= 1, got 0',
      'requestTimeout (50 millis): timeoutMs must be at least 100',
      'integrations[0].token: the deployed monitor reads tokens from Secrets Manager only ({ "secretId": ... })',
      'memorySize (512) must be 128 to 256 MB (the probe is I/O bound)',
      'alarmEmails[0]: "oncall" is not an email address',
    ]);
  });

  it("from a stage file: the file's keys and units (scheduleMinutes, functionTimeoutSeconds, timeoutMs)", () => {
    const problems = problemsOf(SEVERAL, true);
    expect(problems.slice(0, 3)).toEqual([
      'functionTimeoutSeconds (150) must be shorter than scheduleMinutes (2) so runs never overlap',
      'alarms.auth.datapointsToAlarm must be a whole number >= 1, got 0',
      'timeoutMs (50): timeoutMs must be at least 100',
    ]);
    expect(problems.join('\n')).not.toMatch(/\b(schedule|functionTimeout|requestTimeout)\b/);
  });

  it('the construct throws it at synth, naming its path and the source set on the stack', () => {
    const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
    const stack = new Stack(app, 'Prod', { env: ENV });
    setPropsSource(stack, { description: 'infra/config/prod.json', labels: APP_CONFIG_LABELS });
    let error: unknown;
    try {
      new NotionMonitor(stack, 'Monitor', { integrations: INTEGRATIONS, ...SEVERAL });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(NotionMonitorPropsError);
    expect((error as NotionMonitorPropsError).problems).toHaveLength(6);
    expect((error as Error).message).toMatch(
      /^Prod\/Monitor: 6 problems in infra\/config\/prod\.json:\n {2}- functionTimeoutSeconds \(150\) must be shorter than scheduleMinutes \(2\)/,
    );
  });

  it('the app names its config file and the keys in it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'app-config-'));
    const file = join(dir, 'broken.json');
    writeFileSync(
      file,
      JSON.stringify({
        scheduleMinutes: 0.5,
        functionTimeoutSeconds: 20,
        memorySize: 64,
        integrations: [{ name: 'a', token: { secretId: 's' } }],
      }),
    );
    const app = new App({ context: { stage: 'broken', config: file, 'aws:cdk:bundling-stacks': [] } });
    expect(() => buildApp(app)).toThrow(
      new NotionMonitorPropsError('NotionMonitor-broken/Monitor', file, [
        'scheduleMinutes (0.5) must be whole minutes, from 1 minute to 24 hours',
        'memorySize (64) must be 128 to 256 MB (the probe is I/O bound)',
      ]),
    );
  });
});
