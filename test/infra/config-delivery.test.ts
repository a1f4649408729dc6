import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  CONFIG_FILE_NAME,
  ENVIRONMENT_LIMIT_BYTES,
  environmentBytes,
  fileWriteCommands,
  planConfigDelivery,
} from '../../infra/config-delivery.js';

const OTHER = { NOTION_MONITOR_NAMESPACE: 'NotionMonitor/prod', NODE_OPTIONS: '--max-old-space-size=102' };
/** A config whose inline environment is exactly `bytes` long, as environmentBytes counts it. */
function configOfEnvironmentSize(bytes: number): { pad: string } {
  const empty = environmentBytes({ ...OTHER, NOTION_MONITOR_CONFIG: JSON.stringify({ pad: '' }) });
  return { pad: 'x'.repeat(bytes - empty) };
}

describe('planConfigDelivery: inline or a bundled file, decided in one place', () => {
  it('inline while the whole environment fits 4 KB, to the byte', () => {
    const config = configOfEnvironmentSize(ENVIRONMENT_LIMIT_BYTES);
    const plan = planConfigDelivery(config, OTHER);
    expect(plan).toEqual({
      kind: 'inline',
      environment: { ...OTHER, NOTION_MONITOR_CONFIG: JSON.stringify(config) },
    });
    expect(environmentBytes(plan.environment)).toBe(4096);
  });

  it('a file one byte later; the environment then names the file', () => {
    const config = configOfEnvironmentSize(ENVIRONMENT_LIMIT_BYTES + 1);
    expect(planConfigDelivery(config, OTHER)).toEqual({
      kind: 'file',
      environment: { ...OTHER, NOTION_MONITOR_CONFIG_FILE: CONFIG_FILE_NAME },
      fileName: CONFIG_FILE_NAME,
      fileText: JSON.stringify(config),
    });
  });

  it('counts UTF-8 bytes and the escaping of the JSON, not characters', () => {
    // 1,350 characters, but 3 bytes each in UTF-8.
    expect(planConfigDelivery({ label: '€'.repeat(1_350) }, OTHER).kind).toBe('file');
    expect(planConfigDelivery({ label: 'e'.repeat(1_350) }, OTHER).kind).toBe('inline');
    // Quotes are escaped once more inside the environment's JSON.
    expect(planConfigDelivery({ label: '"'.repeat(1_900) }, OTHER).kind).toBe('file');
    expect(planConfigDelivery({ label: 'a'.repeat(1_900) }, OTHER).kind).toBe('inline');
  });

  it('the other variables count too', () => {
    const config = { label: 'a'.repeat(3_000) };
    expect(planConfigDelivery(config, OTHER).kind).toBe('inline');
    expect(planConfigDelivery(config, { ...OTHER, EXTRA: 'b'.repeat(1_000) }).kind).toBe('file');
  });
});

describe('fileWriteCommands: the bundling step writes the file', () => {
  it('writes the text byte for byte: quotes, dollars, backslashes, non-ASCII, a path with spaces and quotes', () => {
    const dir = mkdtempSync(join(tmpdir(), "config delivery 'quoted' $HOME "));
    const path = join(dir, CONFIG_FILE_NAME);
    const text = JSON.stringify({ label: `it's "€" $(echo no) \`no\` \\n %s %% \u2028 😀`, n: 1 });
    const commands = fileWriteCommands(text, path);
    expect(commands).toHaveLength(1);
    for (const command of commands) execFileSync('bash', ['-c', command]);
    expect(readFileSync(path, 'utf8')).toBe(text);
  });

  it('a config of 1,000 integrations (over the 128 KiB argument limit) in pieces, each a short command', () => {
    const config = {
      integrations: Array.from({ length: 1_000 }, (_, i) => ({
        name: `integration-${i}`,
        token: { secretId: `prod/notion-integration-${i}`, jsonKey: 'NOTION_TOKEN' },
        targets: [{ kind: 'page', id: '59833787-2cf9-4fdf-8782-e53db20768a5', label: "Team's page ✓" }],
      })),
    };
    const text = JSON.stringify(config);
    expect(Buffer.byteLength(text)).toBeGreaterThan(128 * 1024);
    const dir = mkdtempSync(join(tmpdir(), 'config-delivery-'));
    const path = join(dir, CONFIG_FILE_NAME);
    const commands = fileWriteCommands(text, path);
    expect(commands.length).toBeGreaterThan(2);
    for (const command of commands) {
      expect(Buffer.byteLength(command)).toBeLessThan(66 * 1024);
      execFileSync('bash', ['-c', command]);
    }
    expect(readFileSync(path, 'utf8')).toBe(text);
  });

  it('an empty text still creates (and truncates) the file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'config-delivery-'));
    const path = join(dir, CONFIG_FILE_NAME);
    for (const command of fileWriteCommands('old contents', path)) execFileSync('bash', ['-c', command]);
    for (const command of fileWriteCommands('', path)) execFileSync('bash', ['-c', command]);
    expect(readFileSync(path, 'utf8')).toBe('');
  });
});
