import { describe, expect, it } from 'vitest';
import { editDistance, nearestName } from '../../functions/shared/nearest-name.js';

const FLAGS = ['config', 'json', 'deadline', 'publish-metrics', 'namespace', 'stage', 'help'];
const KEYS = ['notionBaseUrl', 'notionVersion', 'timeoutMs', 'integrations'];

describe('nearestName: the one name a typo was meant to be', () => {
  it.each([
    ['cofig', FLAGS, 'config'],
    ['jsno', FLAGS, 'json'],
    ['publish-metric', FLAGS, 'publish-metrics'],
    ['namspace', FLAGS, 'namespace'],
    ['intgrations', KEYS, 'integrations'],
    ['timeoutms', KEYS, 'timeoutMs'],
    ['integration', KEYS, 'integrations'],
  ])('%s -> %s', (typed, names, meant) => {
    expect(nearestName(typed, names)).toBe(meant);
  });

  it.each([
    ['verbose', FLAGS, 'nothing within two edits'],
    ['xy', ['id', 'ab'], 'too short: two edits make it anything'],
    ['notionVersio', ['notionVersion', 'notionVersiox'], 'two names equally close'],
    ['config', FLAGS, 'already a name'],
    ['c'.repeat(65), ['c'.repeat(64)], 'too long to be a typo'],
  ])('%s: no suggestion (%s)', (typed, names) => {
    expect(nearestName(typed, names)).toBeUndefined();
  });

  it('counts a swap of neighbours as one edit, like a dropped, added or changed character', () => {
    expect(editDistance('jsno', 'json')).toBe(1);
    expect(editDistance('cofig', 'config')).toBe(1);
    expect(editDistance('configg', 'config')).toBe(1);
    expect(editDistance('confog', 'config')).toBe(1);
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('', 'abc')).toBe(3);
    expect(editDistance('ca', 'abc')).toBe(3);
  });
});
