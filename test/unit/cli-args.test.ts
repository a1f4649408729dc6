import { describe, expect, it } from 'vitest';
import { parseCliArgs } from '../../functions/cli/args.js';

describe('parseCliArgs: where --publish-metrics publishes', () => {
  it.each([
    [['--publish-metrics'], undefined],
    [['--publish-metrics', '--namespace', 'Team/Notion'], 'Team/Notion'],
    [['--publish-metrics', '--stage', 'prod'], 'NotionMonitor/prod'],
    [['--publish-metrics', '--stage=dev-eu-1'], 'NotionMonitor/dev-eu-1'],
  ])('%j: namespace %s', (argv, namespace) => {
    const parsed = parseCliArgs(['--config', 'monitor.json', ...argv]);
    expect(parsed).toMatchObject({ ok: true, args: { publishMetrics: true } });
    if (parsed.ok) expect(parsed.args.namespace).toBe(namespace);
  });

  it.each([
    [['--stage', 'prod'], '--stage only makes sense with --publish-metrics'],
    [['--namespace', 'x'], '--namespace only makes sense with --publish-metrics'],
    [['--publish-metrics', '--stage', 'prod', '--namespace', 'x'], 'give one of them'],
    [['--publish-metrics', '--stage', 'prd/x'], '--stage must be a stage name as deployed'],
    [['--publish-metrics', '--stage', '9'], '--stage must be a stage name as deployed'],
    [['--publish-metrics', '--stage', 'a'.repeat(32)], '--stage must be a stage name as deployed'],
  ])('%j is refused: %s', (argv, error) => {
    expect(parseCliArgs(argv)).toEqual({ ok: false, error: expect.stringContaining(error) });
  });
});
