// zod's config is process-wide and vitest runs each test file in a fresh process, so the
// first test here sees zod exactly as importing these modules leaves it. The tests run in
// order: the first must stay first.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import { useEnglishMessages } from '../../functions/config/english-messages.js';
import { parseConfig } from '../../functions/config/schema.js';
import { parseInvocation } from '../../functions/handler/invocation.js';
import { readAppConfig } from '../../infra/app-config.js';

const probeSchema = z.strictObject({ a: z.string().check(z.minLength(1)) });
const messages = () => probeSchema.safeParse({ a: '', extra: 1 }).error?.issues.map((i) => i.message);

const dir = mkdtempSync(join(tmpdir(), 'english-messages-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('zod messages', () => {
  it('are not changed by importing the schema, the invocation parser or the app config', () => {
    expect(z.config().localeError).toBeUndefined();
    expect(messages()).toEqual(['Invalid input', 'Invalid input']);
  });

  it('are English once the deployment config is read, without parseConfig having run', () => {
    const file = join(dir, 'stage.json');
    writeFileSync(
      file,
      JSON.stringify({ integrations: [], timeoutMs: 'soon', ntn_abcdefghijklmnopqrstuvwx: 1 }),
    );
    expect(() => readAppConfig(file)).toThrow(
      [
        `${file}:`,
        '  - timeoutMs: Invalid input: expected number, received string',
        '  - (root): unknown key (one not shown: it may hold a credential)',
      ].join('\n'),
    );
    expect(messages()).toEqual(['Too small: expected string to have >=1 characters', 'unknown key "extra"']);
  });

  it('are configured once: later calls and parses leave the first configuration in place', () => {
    const first = z.config();
    const { localeError, customError } = first;
    useEnglishMessages();
    parseConfig({ integrations: [] });
    expect(() => parseInvocation({ integrations: [''] }, [])).toThrow(
      'integrations[0]: Too small: expected string to have >=1 characters',
    );
    expect(z.config().localeError).toBe(localeError);
    expect(z.config().customError).toBe(customError);
  });
});
