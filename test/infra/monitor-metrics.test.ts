import { Duration } from 'aws-cdk-lib';
import type { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { INTEGRATION_FAILURE_CATEGORIES, REQUEST_CHECK_KINDS } from '../../functions/shared/categories.js';
import { DIMENSIONS, METRICS } from '../../functions/shared/metrics.js';
import { defaultAlarmOptions } from '../../infra/alarm-policy.js';
import { synth } from './synth.js';

/** A CloudFormation value as text: tokens become ⟨...⟩ so that alarms and dashboards compare. */
const show = (v: unknown) => (typeof v === 'string' ? v : `⟨${JSON.stringify(v).replaceAll('"', "'")}⟩`);

/** The dashboard's JSON, with its tokens shown as text. */
function dashboardBody(template: Template): { widgets: { properties: Record<string, unknown> }[] } {
  const [dashboard] = Object.values(template.findResources('AWS::CloudWatch::Dashboard')) as {
    Properties: { DashboardBody: { 'Fn::Join': [string, unknown[]] } };
  }[];
  if (!dashboard) throw new Error('no dashboard');
  return JSON.parse(dashboard.Properties.DashboardBody['Fn::Join'][1].map(show).join(''));
}

/** `namespace|name|dim=value,...|statistic|period`: what makes two metrics the same metric. */
type MetricKey = string;

/** Every plain metric and Metrics Insights query (`query|<text>|period`) drawn on the dashboard, by title. */
function dashboardMetrics(template: Template): Map<MetricKey, string[]> {
  const keys = new Map<MetricKey, string[]>();
  const add = (key: MetricKey, title: unknown) => keys.set(key, [...(keys.get(key) ?? []), String(title)]);
  for (const { properties } of dashboardBody(template).widgets) {
    for (const line of (properties.metrics ?? []) as unknown[][]) {
      const expression = line[0] as { expression?: string; period?: number };
      if (typeof expression === 'object' && expression.expression?.startsWith('SELECT ')) {
        add(
          `query|${expression.expression}|${expression.period ?? properties.period ?? 300}`,
          properties.title,
        );
        continue;
      }
      if (typeof line[0] !== 'string') continue;
      const options = (typeof line.at(-1) === 'object' ? line.at(-1) : {}) as {
        stat: string;
        period?: number;
      };
      const names = line.filter((x) => typeof x === 'string') as string[];
      const [namespace, name, ...dims] = names;
      const pairs = [];
      for (let i = 0; i < dims.length; i += 2) pairs.push(`${dims[i]}=${dims[i + 1]}`);
      add(
        `${namespace}|${name}|${pairs.join(',')}|${options.stat}|${options.period ?? 300}`,
        properties.title,
      );
    }
  }
  return keys;
}

interface AlarmProps {
  AlarmName: string;
  Namespace: string;
  MetricName: string;
  Dimensions?: { Name: string; Value: unknown }[];
  Statistic?: string;
  ExtendedStatistic?: string;
  Period: number;
  Metrics?: { Expression: string; Period: number }[];
}
/** What each alarm watches, as a {@link MetricKey} (a query alarm: `query|<text>|period`). */
function alarmMetrics(template: Template): Map<string, MetricKey> {
  const out = new Map<string, MetricKey>();
  for (const { Properties: a } of Object.values(template.findResources('AWS::CloudWatch::Alarm')) as {
    Properties: AlarmProps;
  }[]) {
    const [query, ...more] = a.Metrics ?? [];
    if (query !== undefined) {
      expect(more).toEqual([]);
      out.set(a.AlarmName, `query|${query.Expression}|${query.Period}`);
      continue;
    }
    const dims = (a.Dimensions ?? []).map((d) => `${d.Name}=${show(d.Value)}`).join(',');
    const statistic = a.Statistic ?? a.ExtendedStatistic;
    out.set(a.AlarmName, `${a.Namespace}|${a.MetricName}|${dims}|${statistic}|${a.Period}`);
  }
  return out;
}

describe('MonitorMetrics: one definition for the alarms and the dashboard', () => {
  let template: Template;
  beforeAll(() => {
    ({ template } = synth({ namespace: 'NotionMonitor/prod', schedule: Duration.minutes(10) }));
  });

  it('every alarm watches a metric the dashboard draws: same namespace, name, dimensions, statistic, period', () => {
    const drawn = dashboardMetrics(template);
    const alarms = alarmMetrics(template);
    expect(alarms.size).toBe(INTEGRATION_FAILURE_CATEGORIES.length + REQUEST_CHECK_KINDS.length + 3);
    for (const [alarm, key] of alarms) expect(drawn.has(key), `${alarm}: ${key}`).toBe(true);
  });

  it('with receivers too: every alarm (receiver-network, slow-receiver, ...) watches a metric the dashboard draws', () => {
    const receivers = synth({
      namespace: 'NotionMonitor/prod',
      receivers: [
        {
          name: 'hooks',
          url: 'https://hooks.example.com/notion',
          verificationToken: { secretId: 'prod/notion-webhook-verify' },
        },
      ],
    }).template;
    const drawn = dashboardMetrics(receivers);
    const alarms = alarmMetrics(receivers);
    expect([...alarms.keys()]).toContain('NotionMonitor-prod-receiver-network');
    expect([...alarms.keys()]).toContain('NotionMonitor-prod-slow-receiver');
    for (const [alarm, key] of alarms) expect(drawn.has(key), `${alarm}: ${key}`).toBe(true);
    expect(drawn.get(alarms.get('NotionMonitor-prod-receiver-network') ?? '')).toEqual([
      'receiver-network: alarm contributors',
    ]);
  });

  it("names and dimensions come from functions/shared/metrics.ts, the handler's own", () => {
    const drawn = [...dashboardMetrics(template).keys()];
    for (const category of INTEGRATION_FAILURE_CATEGORIES) {
      // 1-of-1 categories group by reason too; 2-of-3 ones by integration only (contributorDimensions).
      const reason = defaultAlarmOptions(category).datapointsToAlarm === 1 ? `, "${DIMENSIONS.reason}"` : '';
      const query = `SELECT MAX("${METRICS.integrationFailures}") FROM "NotionMonitor/prod" WHERE "${DIMENSIONS.category}" = '${category}' GROUP BY "${DIMENSIONS.integration}"${reason} ORDER BY MAX() DESC`;
      const key = `query|${query}|600`;
      expect(alarmMetrics(template).get(`NotionMonitor-prod-${category}`)).toBe(key);
      expect(dashboardMetrics(template).get(key)).toEqual([`${category}: alarm contributors`]);
      // The category's count is still drawn (no longer alarmed).
      const failures = `NotionMonitor/prod|${METRICS.failures}|${DIMENSIONS.category}=${category}|Maximum|600`;
      expect(dashboardMetrics(template).get(failures)).toEqual(['Integrations failing, by category']);
    }
    for (const kind of REQUEST_CHECK_KINDS) {
      const key = `NotionMonitor/prod|${METRICS.checkLatency}|${DIMENSIONS.checkKind}=${kind}|p90|600`;
      expect(alarmMetrics(template).get(`NotionMonitor-prod-slow-${kind}`)).toBe(key);
    }
    const ours = drawn.filter((k) => k.startsWith('NotionMonitor/prod|')).map((k) => k.split('|')[1]);
    const published: string[] = Object.values(METRICS);
    for (const name of ours) expect(published).toContain(name);
    expect(new Set(ours)).toEqual(
      new Set([
        METRICS.failures,
        METRICS.checkLatency,
        METRICS.maxRetryAfter,
        METRICS.heartbeat,
        METRICS.integrationsProbed,
      ]),
    );
    // The sixth, IntegrationFailures, is drawn by SEARCH over its dimensions (and by the alarms' queries).
    expect(JSON.stringify(dashboardBody(template))).toContain(
      `{\\"NotionMonitor/prod\\",${DIMENSIONS.integration},${DIMENSIONS.category},${DIMENSIONS.reason}} MetricName=\\"${METRICS.integrationFailures}\\"', 'Maximum', 600`,
    );
  });
});

describe('MonitorDashboard', () => {
  it('alarm states, failures, failing integrations, latency, Retry-After, heartbeat, errors and lost runs', () => {
    const { template } = synth();
    template.resourceCountIs('AWS::CloudWatch::Dashboard', 1);
    const widgets = dashboardBody(template).widgets.map((w) => w.properties);
    expect(widgets.map((w) => w.title)).toEqual([
      'Alarms',
      'Integrations failing, by category',
      'Failing integrations (Integration, Category, Reason)',
      ...INTEGRATION_FAILURE_CATEGORIES.map((c) => `${c}: alarm contributors`),
      'Latency by check kind (ms)',
      'Largest Retry-After (s)',
      'Heartbeat and integrations probed',
      'Function errors and lost runs',
    ]);
    expect(widgets[0]?.alarms).toHaveLength(
      INTEGRATION_FAILURE_CATEGORIES.length + REQUEST_CHECK_KINDS.length + 3,
    );
    expect(widgets[1]?.metrics).toContainEqual([{ label: 'auth', expression: 'FILL(failures_auth, 0)' }]);
  });
});
