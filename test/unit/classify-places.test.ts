/**
 * Where a request failed, and where a redirect pointed: network errors name the host and
 * port (and the proxy); a 3xx names scheme, host and port of its Location, nothing more.
 */
import { describe, expect, it } from 'vitest';
import { classifyOutcome } from '../../functions/engine/classify.js';
import { createRedactor } from '../../functions/engine/redact.js';

const TOKEN = 'ntn_placesTestTokenA1b2C3d4E5f6G7h8';
const mask = createRedactor([TOKEN]).text;

const network = (code: string, place: { target?: string; proxy?: string } = {}) =>
  classifyOutcome(
    { kind: 'network', code, detail: `connect ${code} somewhere`, latencyMs: 1, ...place },
    0,
    mask,
  );

describe('network errors name the host and port', () => {
  it.each([
    ['ECONNREFUSED', 'Connection refused by 127.0.0.1:9 (ECONNREFUSED).'],
    ['ENOTFOUND', 'DNS lookup failed for 127.0.0.1:9 (ENOTFOUND).'],
    ['ECONNRESET', 'Connection reset before a complete answer from 127.0.0.1:9 (ECONNRESET).'],
    ['CERT_HAS_EXPIRED', 'TLS failure with 127.0.0.1:9 (CERT_HAS_EXPIRED).'],
    ['EHOSTUNREACH', 'Network error with 127.0.0.1:9 (EHOSTUNREACH): connect EHOSTUNREACH somewhere.'],
  ])('%s', (code, message) => {
    expect(network(code, { target: '127.0.0.1:9' })).toMatchObject({ category: 'network', code, message });
  });

  it('through a proxy: a connection that never opened was the proxy; anything later names both', () => {
    const place = { target: 'api.notion.com:443', proxy: 'proxy.corp.test:3128' };
    expect(network('ECONNREFUSED', place).message).toBe(
      'Connection refused by the proxy proxy.corp.test:3128 (on the way to api.notion.com:443) (ECONNREFUSED).',
    );
    expect(network('ENOTFOUND', place).message).toBe(
      'DNS lookup failed for the proxy proxy.corp.test:3128 (on the way to api.notion.com:443) (ENOTFOUND).',
    );
    expect(network('ERR_TLS_CERT_ALTNAME_INVALID', place).message).toBe(
      'TLS failure with api.notion.com:443 through the proxy proxy.corp.test:3128 (ERR_TLS_CERT_ALTNAME_INVALID).',
    );
  });

  it('without a place (an outcome built by a test double) the message stays as it was', () => {
    expect(network('ECONNREFUSED').message).toBe('Connection refused (ECONNREFUSED).');
  });

  it('the place is masked like any outside text', () => {
    expect(network('ENOTFOUND', { target: `${TOKEN}.example.test:443` }).message).not.toContain(
      TOKEN.slice(4, 12),
    );
  });
});

describe('an unexpected 3xx shows where it pointed: scheme, host and port only', () => {
  const redirect = (location: string | undefined, status = 302) =>
    classifyOutcome(
      {
        kind: 'answer',
        status,
        headers: { server: 'gateway', ...(location === undefined ? {} : { location }) },
        body: '',
        latencyMs: 2,
      },
      0,
      mask,
    );

  it('never the user, path, query string or fragment', () => {
    const verdict = redirect(
      'https://sso-user:pw-Secret@login.corp.example:8443/oauth/start?ticket=T1CKET-99&x=1#frag',
    );
    expect(verdict).toMatchObject({ category: 'config', origin: 'intermediary', httpStatus: 302 });
    expect(verdict.message).toContain('302 redirect from an intermediary');
    expect(verdict.message).toContain('to https://login.corp.example:8443;');
    expect(verdict.message).toContain('the Notion API does not redirect');
    for (const hidden of ['sso-user', 'pw-Secret', 'oauth', 'ticket', 'T1CKET', 'frag'])
      expect(verdict.message).not.toContain(hidden);
  });

  it('http to https on the same host: the scheme shows what to fix in notionBaseUrl', () => {
    expect(redirect('https://api.notion.com/v1/users/me', 301).message).toContain(
      'to https://api.notion.com;',
    );
  });

  it('a relative Location stays on the same host; none at all is said', () => {
    expect(redirect('/v1/users/other?token=abc').message).toContain('to another path on the same host;');
    expect(redirect('/v1/users/other?token=abc').message).not.toContain('token=abc');
    expect(redirect(undefined).message).toContain('to nowhere (no Location header)');
  });

  it('a token in the host is masked', () => {
    expect(redirect(`https://${TOKEN}.evil.test/`).message).not.toContain(TOKEN.slice(4, 12));
  });

  it('a Location whose host held a token (masked as it arrived) is said to, not called the same host', () => {
    const message = redirect('https://[REDACTED].evil.test:443/?q=[REDACTED]').message;
    expect(message).toContain('to an address that held a token of the run (masked);');
  });
});
