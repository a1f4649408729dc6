import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A fresh temporary folder. */
export function tempDir(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'notion-monitor-'));
}

/** Writes `value` (JSON, or text as it is) to `monitor.json` in a fresh folder; returns its path. */
export async function writeConfig(value: unknown): Promise<string> {
  const file = join(await tempDir(), 'monitor.json');
  await writeFile(file, typeof value === 'string' ? value : JSON.stringify(value));
  return file;
}
