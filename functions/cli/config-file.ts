import { constants, type Stats } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { dirname, isAbsolute, resolve } from 'node:path';
import { looksLikeCredential } from '../shared/credential-like.js';

/**
 * The absolute path of `--config FILE`, a relative one taken from the directory the user ran
 * the command in. `npx notion-monitor` runs there; `npm start` runs from the package root and
 * records the user's directory in `INIT_CWD`. `INIT_CWD` is used only while the process
 * stands in that package root (the directory of `npm_package_json`): npm sets it once per
 * `npm` command, so a script that changed directory after `npm run` (or a test spawning the
 * CLI from a folder of its own) must read from where it stands.
 */
export function resolveConfigPath(
  path: string,
  cwd: string,
  env: Readonly<Record<string, string | undefined>>,
): string {
  if (isAbsolute(path)) return path;
  const { INIT_CWD: userDir, npm_package_json: packageJson } = env;
  const npmMovedUs = userDir !== undefined && packageJson !== undefined && dirname(packageJson) === cwd;
  return resolve(npmMovedUs ? userDir : cwd, path);
}

/** Words for the errors a user can fix, after their code. */
const ERROR_WORDS: Readonly<Record<string, string>> = {
  ENOENT: 'no such file',
  EACCES: 'permission denied',
  ENOTDIR: 'a folder on the way is a file',
  ELOOP: 'too many symbolic links',
};

/**
 * The largest config file read. 1 MiB holds about 1,500 integrations with 5 targets each
 * indented by two spaces, 2,500 written compactly: about what one function probes within
 * its timeout (README, "Past one Lambda").
 */
export const MAX_CONFIG_BYTES = 1024 * 1024;

/** The file's text, or why it was not read. */
export type ConfigFileText =
  | { readonly ok: true; readonly text: string }
  | { readonly ok: false; readonly message: string };

function kindOf(s: Stats): string {
  if (s.isDirectory()) return 'a directory';
  if (s.isFIFO()) return 'a FIFO (named pipe)';
  if (s.isCharacterDevice()) return 'a character device';
  if (s.isBlockDevice()) return 'a block device';
  if (s.isSocket()) return 'a socket';
  return 'not a regular file';
}

/** Why `s` is not a config file to read, or undefined when it is. */
function refusal(path: string, s: Stats): string | undefined {
  if (!s.isFile()) return `config file ${shownPath(path)} is ${kindOf(s)}, not a regular file`;
  if (s.size > MAX_CONFIG_BYTES) return tooLarge(path);
  return undefined;
}

function tooLarge(path: string): string {
  return `config file ${shownPath(path)} is over ${MAX_CONFIG_BYTES} bytes (1 MiB), the most a config may hold`;
}

/**
 * Reads a config file, refusing at once what is not a regular file (a FIFO would block the
 * read until a writer comes, `/dev/zero` never ends, a directory has no text) or is over
 * {@link MAX_CONFIG_BYTES}. The path is checked before it is opened, opened without
 * blocking, checked again through the open descriptor (it may have been swapped), and read
 * to at most one byte over the cap (it may be growing).
 */
export async function readConfigFile(path: string): Promise<ConfigFileText> {
  try {
    const before = refusal(path, await stat(path));
    if (before) return { ok: false, message: before };
    const file = await open(path, constants.O_RDONLY | constants.O_NONBLOCK);
    try {
      const now = refusal(path, await file.stat());
      if (now) return { ok: false, message: now };
      const buffer = Buffer.alloc(MAX_CONFIG_BYTES + 1);
      let length = 0;
      while (length < buffer.length) {
        const { bytesRead } = await file.read(buffer, length, buffer.length - length, length);
        if (bytesRead === 0) break;
        length += bytesRead;
      }
      if (length > MAX_CONFIG_BYTES) return { ok: false, message: tooLarge(path) };
      return { ok: true, text: buffer.toString('utf8', 0, length) };
    } finally {
      await file.close();
    }
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'unreadable';
    const words = ERROR_WORDS[code];
    return {
      ok: false,
      message: `cannot read config file ${shownPath(path)} (${code}${words ? `: ${words}` : ''})`,
    };
  }
}

/** The path as a message may show it: never when a part of it could be a pasted token. */
function shownPath(path: string): string {
  return looksLikeCredential(path) ? '(a path that looks like a token, not shown)' : path;
}
