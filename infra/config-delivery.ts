import { CONFIG_ENV, CONFIG_FILE_ENV } from '../functions/handler/load-config.js';

/** The bundled config file's name, beside index.js in the function's code. */
export const CONFIG_FILE_NAME = 'notion-monitor.config.json';

/** Lambda's limit for all of a function's environment variables together. */
export const ENVIRONMENT_LIMIT_BYTES = 4 * 1024;

/** How the function gets its config: the whole environment it needs, and any file to bundle. */
export type ConfigDelivery =
  | { readonly kind: 'inline'; readonly environment: Readonly<Record<string, string>> }
  | {
      readonly kind: 'file';
      readonly environment: Readonly<Record<string, string>>;
      readonly fileName: string;
      readonly fileText: string;
    };

/**
 * The environment's size as the Lambda API receives it, JSON-encoded. Lambda does not
 * say how it counts; this is an upper bound on any reasonable way (names, values, quotes).
 */
export function environmentBytes(environment: Readonly<Record<string, string>>): number {
  return Buffer.byteLength(JSON.stringify(environment), 'utf8');
}

/**
 * Inline (`NOTION_MONITOR_CONFIG`) when the whole environment stays within Lambda's 4 KB,
 * otherwise a file bundled with the function (`NOTION_MONITOR_CONFIG_FILE`, read from the
 * task root). The only place that decides. Pure.
 */
export function planConfigDelivery(
  config: unknown,
  otherVariables: Readonly<Record<string, string>>,
): ConfigDelivery {
  const text = JSON.stringify(config);
  const inline = { ...otherVariables, [CONFIG_ENV]: text };
  if (environmentBytes(inline) <= ENVIRONMENT_LIMIT_BYTES) return { kind: 'inline', environment: inline };
  return {
    kind: 'file',
    environment: { ...otherVariables, [CONFIG_FILE_ENV]: CONFIG_FILE_NAME },
    fileName: CONFIG_FILE_NAME,
    fileText: text,
  };
}

/**
 * Each shell command's text stays under this many bytes: local bundling runs every hook
 * command as one `bash -c` argument, and Linux caps a single argument at 128 KiB.
 */
const MAX_COMMAND_BYTES = 64 * 1024;

/** `'it'\''s'`: POSIX single quotes, in which nothing but `'` itself is special. */
export function shellQuote(text: string): string {
  return `'${text.replaceAll("'", `'\\''`)}'`;
}

/**
 * POSIX shell commands that write `text` to `path` byte for byte, for a bundling hook
 * (`commandHooks.afterBundling`), so the file is written by the bundling step into the
 * asset it builds and nowhere else. The text is cut into pieces so that a config of any
 * size (1,000 integrations are about 200 KB) fits the shell's argument limit. Pure.
 */
export function fileWriteCommands(text: string, path: string): string[] {
  if (text.includes('\0')) throw new TypeError('a shell argument cannot hold a NUL character');
  const target = shellQuote(path);
  const commands: string[] = [];
  let piece = '';
  let pieceBytes = 0;
  const flush = () => {
    const redirect = commands.length === 0 ? '>' : '>>';
    commands.push(`printf '%s' ${shellQuote(piece)} ${redirect} ${target}`);
    piece = '';
    pieceBytes = 0;
  };
  // By code point, so that a piece never ends in half a surrogate pair.
  for (const char of text) {
    const bytes = char === "'" ? 4 : Buffer.byteLength(char, 'utf8');
    if (pieceBytes + bytes > MAX_COMMAND_BYTES) flush();
    piece += char;
    pieceBytes += bytes;
  }
  if (piece !== '' || commands.length === 0) flush();
  return commands;
}
