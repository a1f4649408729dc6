import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AppConfigError, readAppConfig } from '../../infra/app-config.js';

function fileWith(text: string): string {
  const path = join(mkdtempSync(join(tmpdir(), 'app-config-')), 'stage.json');
  writeFileSync(path, text);
  return path;
}

describe('readAppConfig: the stage file, typed before it becomes props', () => {
  it('lists every problem of the file at once', () => {
    const path = fileWith(
      JSON.stringify({
        scheduleMinutes: -1,
        functionTimeoutSeconds: '90',
        secretKeyArns: ['alias/notion'],
        colour: 'blue',
        integrations: [],
      }),
    );
    expect(() => readAppConfig(path)).toThrow(AppConfigError);
    expect(() => readAppConfig(path)).toThrow(
      [
        `${path}:`,
        '  - scheduleMinutes: must not be negative',
        '  - functionTimeoutSeconds: Invalid input: expected number, received string',
        '  - secretKeyArns[0]: must be an ARN (arn:...)',
        '  - (root): unknown key "colour"',
      ].join('\n'),
    );
  });

  it('a file that is not JSON: where it broke, never its text', () => {
    const path = fileWith('{"integrations": [ntn_secretLookingThing]}');
    let message = '';
    try {
      readAppConfig(path);
    } catch (error) {
      expect(error).toBeInstanceOf(AppConfigError);
      message = (error as Error).message;
    }
    // Line and column on every Node version (our scanner, not V8's message), never the text.
    expect(message).toMatch(new RegExp(`^${path}: not valid JSON at line 1, column \\d+: `));
    expect(message).not.toContain('ntn_');
  });
});
