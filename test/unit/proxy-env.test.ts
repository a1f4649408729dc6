import { describe, expect, it } from 'vitest';
import {
  bypassesProxy,
  parseNoProxy,
  parseProxyUrl,
  proxyFor,
  proxySettingsFrom,
} from '../../functions/engine/proxy-env.js';

const bypass = (noProxy: string, host: string, port = 443) =>
  bypassesProxy(host, port, parseNoProxy(noProxy));

describe('NO_PROXY, matched as curl matches it', () => {
  it.each([
    // curl's own examples (CURLOPT_NOPROXY): a name matches itself and the names under it.
    ['ample.com', 'ample.com', true],
    ['ample.com', 'www.ample.com', true],
    ['ample.com', 'www.example.com', false],
    ['ample.com', 'ample.com.org', false],
    ['.example.com', 'www.example.com', true],
    ['.example.com', 'foo.example.com', true],
    // curl drops the leading dot, so it matches the name itself too.
    ['.example.com', 'example.com', true],
    ['example.com', 'badexample.com', false],
    ['EXAMPLE.com', 'Api.Example.COM', true],
    ['example.com.', 'api.example.com', true],
    ['example.com', 'api.example.com.', true],
    ['*.example.com', 'api.example.com', true],
    ['api.notion.com', 'notion.com', false],
  ])('%s against %s: %s', (noProxy, host, expected) => {
    expect(bypass(noProxy, host)).toBe(expected);
  });

  it('separates entries with commas and blanks, ignoring empty ones', () => {
    for (const host of ['a.test', 'b.test', 'c.test'])
      expect(bypass(' a.test, ,b.test  c.test,', host)).toBe(true);
    expect(bypass(' a.test, ,b.test  c.test,', 'd.test')).toBe(false);
  });

  it('`*` matches every host, alone or among others; an empty value matches none', () => {
    expect(bypass('*', 'api.notion.com')).toBe(true);
    expect(bypass('*', '10.1.2.3')).toBe(true);
    expect(bypass('internal.test,*', 'api.notion.com')).toBe(true);
    expect(bypass('', 'api.notion.com')).toBe(false);
  });

  it('IP literals match the same address, with an optional CIDR prefix (IPv6 without brackets)', () => {
    expect(bypass('127.0.0.1', '127.0.0.1')).toBe(true);
    expect(bypass('127.0.0.1', '127.0.0.2')).toBe(false);
    expect(bypass('192.168.0.0/16', '192.168.44.5')).toBe(true);
    expect(bypass('192.168.0.0/16', '192.169.0.1')).toBe(false);
    expect(bypass('::1', '[::1]')).toBe(true);
    expect(bypass('0:0:0:0:0:0:0:1', '[::1]')).toBe(true);
    expect(bypass('fd00::/8', '[fd12:3456::1]')).toBe(true);
    expect(bypass('fd00::/8', '[fe80::1]')).toBe(false);
    // A name never matches an address, nor an address a name (curl compares by kind).
    expect(bypass('localhost', '127.0.0.1')).toBe(false);
    expect(bypass('127.0.0.1', 'localhost')).toBe(false);
    // An impossible prefix is dropped, as curl rejects it.
    expect(bypass('10.0.0.0/33', '10.0.0.1')).toBe(false);
  });

  it('an entry with :port matches that port only (curl would never match it)', () => {
    expect(bypass('api.notion.com:443', 'api.notion.com', 443)).toBe(true);
    expect(bypass('api.notion.com:443', 'api.notion.com', 8443)).toBe(false);
    expect(bypass('10.0.0.1:8443', '10.0.0.1', 8443)).toBe(true);
    expect(bypass('10.0.0.1:8443', '10.0.0.1', 443)).toBe(false);
    expect(bypass('[::1]:443', '[::1]', 443)).toBe(true);
    expect(bypass('[::1]:443', '[::1]', 80)).toBe(false);
  });

  it('loopback is not exempt by itself: NO_PROXY must list it, as with curl', () => {
    expect(bypass('', 'localhost')).toBe(false);
    expect(bypass('example.com', '127.0.0.1')).toBe(false);
  });
});

describe('the proxy variables', () => {
  it('https URLs use https_proxy, then HTTPS_PROXY; http URLs http_proxy, then HTTP_PROXY; empty is unset', () => {
    const settings = proxySettingsFrom({
      https_proxy: '',
      HTTPS_PROXY: 'http://secure.proxy.test:3128',
      http_proxy: 'plain.proxy.test:8080',
      HTTP_PROXY: 'http://ignored.test:1',
    });
    expect(proxyFor(new URL('https://api.notion.com/v1/users/me'), settings)).toMatchObject({
      kind: 'proxy',
      proxy: {
        host: 'secure.proxy.test',
        port: 3128,
        shown: 'secure.proxy.test:3128',
        variable: 'HTTPS_PROXY',
      },
    });
    expect(proxyFor(new URL('http://api.notion.com/'), settings)).toMatchObject({
      kind: 'proxy',
      proxy: { host: 'plain.proxy.test', port: 8080, variable: 'http_proxy' },
    });
    expect(
      proxySettingsFrom({ https_proxy: 'http://a.test:1', HTTPS_PROXY: 'http://b.test:2' }).https,
    ).toMatchObject({
      proxy: { host: 'a.test', variable: 'https_proxy' },
    });
  });

  it('NO_PROXY (no_proxy first) sends a listed host directly', () => {
    const settings = proxySettingsFrom({
      HTTPS_PROXY: 'http://p.test:3128',
      no_proxy: 'notion.com',
      NO_PROXY: '*',
    });
    expect(proxyFor(new URL('https://api.notion.com/'), settings)).toEqual({ kind: 'none' });
    expect(proxyFor(new URL('https://example.com/'), settings).kind).toBe('proxy');
  });

  it('nothing set: no proxy for either scheme', () => {
    const settings = proxySettingsFrom({});
    expect(proxyFor(new URL('https://api.notion.com/'), settings)).toEqual({ kind: 'none' });
    expect(proxyFor(new URL('http://api.notion.com/'), settings)).toEqual({ kind: 'none' });
  });
});

describe('a proxy URL', () => {
  it('defaults to http:// and port 1080 as curl does; IPv6 hosts lose their brackets for the connection', () => {
    expect(parseProxyUrl('HTTPS_PROXY', 'proxy.test')).toMatchObject({
      proxy: { host: 'proxy.test', port: 1080, shown: 'proxy.test:1080' },
    });
    expect(parseProxyUrl('HTTPS_PROXY', 'http://[fd00::5]:3128')).toMatchObject({
      proxy: { host: 'fd00::5', port: 3128, shown: '[fd00::5]:3128' },
    });
  });

  it('turns user:password (percent-decoded) into Basic credentials and never shows them', () => {
    const setting = parseProxyUrl('HTTPS_PROXY', 'http://svc%40corp:p%3Ass%20word@proxy.test:3128');
    if (setting.kind !== 'proxy') throw new Error(setting.kind);
    const { proxy } = setting;
    expect(proxy.authorization).toBe(`Basic ${Buffer.from('svc@corp:p:ss word').toString('base64')}`);
    expect(proxy.shown).toBe('proxy.test:3128');
    const echoed = `realm ${proxy.authorization} p:ss word ${Buffer.from('svc@corp:p:ss word').toString('base64')}`;
    expect(proxy.mask(echoed)).not.toContain('p:ss word');
    expect(proxy.mask(echoed)).not.toContain(Buffer.from('svc@corp:p:ss word').toString('base64'));
  });

  it('without credentials sends none', () => {
    const setting = parseProxyUrl('HTTPS_PROXY', 'http://proxy.test:3128');
    expect(setting).toMatchObject({ kind: 'proxy', proxy: { host: 'proxy.test' } });
    expect(setting.kind === 'proxy' && 'authorization' in setting.proxy).toBe(false);
  });

  it.each([
    ['socks5://user:hunter22@proxy.test:1080', 'socks5://'],
    ['https://user:hunter22@proxy.test:443', 'https://'],
    ['http://user:%zz@proxy.test:3128', 'percent-encoding'],
    ['http://user:hunter22@[not-ipv6:3128', 'not a proxy URL'],
  ])('%s is refused without quoting it', (value, says) => {
    const setting = parseProxyUrl('HTTPS_PROXY', value);
    expect(setting).toMatchObject({ kind: 'invalid', variable: 'HTTPS_PROXY' });
    const problem = setting.kind === 'invalid' ? setting.problem : '';
    expect(problem).toContain(says);
    expect(problem).not.toContain('hunter22');
    expect(problem).not.toContain('proxy.test');
  });
});
