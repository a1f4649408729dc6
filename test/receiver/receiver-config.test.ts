import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../functions/config/schema.js';

const receiver = (patch: Record<string, unknown> = {}) => ({
  name: 'hooks',
  url: 'https://hooks.example.com/notion',
  verificationToken: { secretId: 'prod/notion-webhook', jsonKey: 'VERIFICATION_TOKEN' },
  ...patch,
});
const problemsOf = (config: unknown) => {
  const r = parseConfig(config);
  return r.ok ? [] : r.problems;
};

describe('the receivers list', () => {
  it('fills the defaults; a config of receivers only is accepted', () => {
    const r = parseConfig({ receivers: [receiver()] });
    if (!r.ok) throw new Error(r.problems.join('; '));
    expect(r.config.integrations).toEqual([]);
    expect(r.config.receivers[0]).toEqual({
      ...receiver(),
      eventType: 'page.properties_updated',
      expectForgedRejected: true,
    });
  });

  it('refuses a config with neither integrations nor receivers', () => {
    expect(problemsOf({ integrations: [] })).toEqual([
      'integrations: integrations must list at least one integration (or receivers at least one receiver)',
    ]);
  });

  it.each([
    [
      { url: 'http://hooks.example.com/notion' },
      'receivers[0].url: url must be https (http only for a loopback host',
    ],
    [{ url: 'ftp://hooks.example.com/' }, 'receivers[0].url: url must be an https:// URL'],
    [{ url: 'https://user:pw@hooks.example.com/' }, 'receivers[0].url: url must not hold "user:password@"'],
    [{ url: 'https://hooks.example.com/#x' }, 'receivers[0].url: url must not have a "#" fragment'],
    [{ url: 'hooks.example.com' }, 'receivers[0].url: url must be an absolute https:// URL'],
    [
      { verificationToken: { token: 'x' } },
      'receivers[0].verificationToken: verificationToken must be { "env": "VAR" }',
    ],
    [
      { eventType: 'page.exploded' },
      'receivers[0].eventType: eventType must be one of page.properties_updated',
    ],
    [{ entityId: 'not-an-id' }, 'receivers[0].entityId: entityId must be a Notion id'],
    [
      { expectForgedRejected: 'yes' },
      'receivers[0].expectForgedRejected: expectForgedRejected must be true or false',
    ],
    [{ name: 'a b' }, 'receivers[0].name: name may contain letters'],
    [{ colour: 'blue' }, 'receivers[0]: unknown key "colour"'],
  ])('%j: %s', (patch, message) => {
    const problems = problemsOf({ receivers: [receiver(patch)] });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain(message);
  });

  it.each(['http://127.0.0.1:8080/hook', 'http://localhost/hook', 'http://[::1]:9/hook'])(
    '%s: loopback may be http',
    (url) => {
      expect(problemsOf({ receivers: [receiver({ url })] })).toEqual([]);
    },
  );

  it('names a duplicate receiver', () => {
    expect(problemsOf({ receivers: [receiver(), receiver()] })).toEqual([
      'receivers[1].name: duplicate name, also used by receivers[0]',
    ]);
  });
});
