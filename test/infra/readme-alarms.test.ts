import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { INTEGRATION_FAILURE_CATEGORIES } from '../../functions/shared/categories.js';
import { REASON_CATEGORY } from '../../functions/shared/reasons.js';
import { type Synthesized, synth } from './synth.js';

const README = readFileSync(resolve(import.meta.dirname, '../../README.md'), 'utf8');

/** The text between `<!-- name:start -->` and `<!-- name:end -->`, without the code fence. */
function block(name: string): string {
  const start = README.indexOf(`<!-- ${name}:start -->`);
  const end = README.indexOf(`<!-- ${name}:end -->`);
  if (start < 0 || end < start) throw new Error(`README has no ${name} block`);
  return README.slice(start, end).split('\n').slice(2, -2).join('\n');
}

/** The value of `- Label:   value` in the message example. */
function field(text: string, label: string): string | undefined {
  return text.match(new RegExp(`^- ${label}:\\s+(.*)$`, 'm'))?.[1];
}

interface AlarmProps {
  AlarmName: string;
  AlarmDescription: string;
  Metrics?: { Expression: string }[];
}

describe('README, "Alerts: one per failing integration": what it shows is the template', () => {
  let s: Synthesized;
  let alarms: AlarmProps[];
  let auth: AlarmProps | undefined;
  beforeAll(() => {
    s = synth({ namespace: 'NotionMonitor/prod' });
    alarms = Object.values(s.template.findResources('AWS::CloudWatch::Alarm')).map(
      (r) => (r as { Properties: AlarmProps }).Properties,
    );
    auth = alarms.find((a) => a.AlarmName === 'NotionMonitor-prod-auth');
  });

  it("the query is the prod auth alarm's own", () => {
    expect(block('alarm-query')).toBe(auth?.Metrics?.[0]?.Expression);
  });

  it("the ALARM message shows that alarm's name, description (the runbook) and query, and a real reason of its category", () => {
    const message = block('alarm-message');
    expect(message).toContain(`Subject: ALARM: "${auth?.AlarmName}" in `);
    expect(field(message, 'Name')).toBe(auth?.AlarmName);
    expect(field(message, 'Description')).toBe(auth?.AlarmDescription);
    expect(field(message, 'MetricExpression')).toBe(auth?.Metrics?.[0]?.Expression);
    const reason = message.match(/^- Reason\s+(\S+)$/m)?.[1];
    expect(REASON_CATEGORY[reason as keyof typeof REASON_CATEGORY]).toBe('auth');
  });

  it('the counts the text and the cost table give: 11 Metrics Insights alarms, 5 standard ones', () => {
    const insights = alarms.filter((a) => a.Metrics !== undefined);
    // Without receivers: the receiver categories' alarms are not in this template.
    expect(insights).toHaveLength(INTEGRATION_FAILURE_CATEGORIES.length);
    expect(README).toContain(
      `this stack makes ${insights.length}, so about ${Math.floor(200 / insights.length)} monitors`,
    );
    expect(README).toContain(`Metrics Insights alarms (${insights.length} categories;`);
    expect(README).toContain(`standard alarms (${alarms.length - insights.length}: `);
  });

  it('the Metrics Insights alarms webhook receivers add: the count the limits paragraph gives', () => {
    const withReceivers = synth({
      namespace: 'NotionMonitor/prod',
      receivers: [
        {
          name: 'hooks',
          url: 'https://hooks.example.com/notion',
          verificationToken: { secretId: 'prod/hooks' },
        },
      ],
    });
    const insights = (x: Synthesized) =>
      Object.values(x.template.findResources('AWS::CloudWatch::Alarm')).filter(
        (r) => (r as { Properties: AlarmProps }).Properties.Metrics !== undefined,
      ).length;
    const more = insights(withReceivers) - insights(s);
    expect(more).toBe(7);
    expect(README).toContain(`; ${more} more with webhook receivers)`);
  });
});
