/**
 * Where JSON text first breaks, and why, in words that never quote the text: a config or a
 * secret pasted in the wrong place may hold a token, so V8's own message (which quotes the
 * input around the fault) is never shown. V8 also gives no position for some faults on
 * Node 20 (an unquoted token, a trailing comma in a list), so the position is found here,
 * by a scanner of the JSON grammar (RFC 8259) that stops at the first character no valid
 * text could have there: the same offset V8 reports when it reports one.
 *
 * Iterative, with its own stack of open brackets: nesting a million deep (1 MiB of `[`)
 * must not overflow the call stack.
 */

/** The first fault in a JSON text. */
export interface JsonSyntaxError {
  /** UTF-16 offset of the character where the text breaks (its length when it ends too early). */
  readonly offset: number;
  /** 1-based line (a line ends at LF, CR LF or CR). */
  readonly line: number;
  /** 1-based column, in UTF-16 code units as editors count them. */
  readonly column: number;
  /** What is wrong there, in fixed words. */
  readonly reason: string;
}

/** Every reason a fault can give: fixed words, so no piece of the text is ever quoted. */
export const JSON_SYNTAX_REASONS = {
  empty: 'the text is empty',
  end: 'the text ends too early (an unclosed string, list or object?)',
  value: 'expected a value: a string in double quotes, a number, true, false, null, an object or a list',
  name: 'expected a property name in double quotes',
  colon: 'expected ":" after the property name',
  afterMember: 'expected "," or "}" after the value',
  afterItem: 'expected "," or "]" after the value',
  trailingComma: 'a closing bracket right after a comma (trailing commas are not JSON)',
  control: 'a control character (a line break or a tab) inside a string: write it as \\n or \\t',
  escape: 'an invalid escape sequence inside a string',
  number: 'an invalid number',
  extra: 'more text after the end of the JSON value',
} as const;

const REASON = JSON_SYNTAX_REASONS;
type Reason = (typeof REASON)[keyof typeof REASON];

/** Thrown inside the scanner only, caught by {@link findJsonSyntaxError}. */
class Fault {
  constructor(
    readonly offset: number,
    readonly reason: Reason,
  ) {}
}

const WHITESPACE = new Set([0x20, 0x09, 0x0a, 0x0d]);
const SIMPLE_ESCAPES = new Set('"\\/bfnrt');
const HEX_DIGIT = /^[0-9a-fA-F]$/;
const isDigit = (c: string | undefined) => c !== undefined && c >= '0' && c <= '9';

class Scanner {
  i = 0;
  /** The open objects and lists, innermost last. */
  readonly open: ('{' | '[')[] = [];

  constructor(readonly text: string) {}

  fail(reason: Reason, at = this.i): never {
    throw new Fault(at, at >= this.text.length && reason !== REASON.extra ? REASON.end : reason);
  }

  skipWhitespace(): void {
    while (WHITESPACE.has(this.text.charCodeAt(this.i))) this.i++;
  }

  expect(char: string, reason: Reason): void {
    if (this.text[this.i] !== char) this.fail(reason);
    this.i++;
  }

  /** Checks the whole text; throws a {@link Fault} at the first error. */
  scan(): void {
    this.skipWhitespace();
    if (this.i === this.text.length) throw new Fault(this.i, REASON.empty);
    this.valueStart();
    for (;;) {
      this.skipWhitespace();
      const container = this.open.at(-1);
      if (container === undefined) {
        if (this.i < this.text.length) this.fail(REASON.extra);
        return;
      }
      this.afterValue(container);
    }
  }

  /** At a value: scans it, or opens its object or list (leaving the scanner inside it). */
  valueStart(): void {
    for (;;) {
      this.skipWhitespace();
      const c = this.text[this.i];
      if (c !== '{' && c !== '[') {
        this.scalar(c);
        return;
      }
      this.i++;
      this.open.push(c);
      this.skipWhitespace();
      if (this.text[this.i] === (c === '{' ? '}' : ']')) {
        this.close();
        return;
      }
      if (c === '{') this.memberName();
    }
  }

  close(): void {
    this.i++;
    this.open.pop();
  }

  /** After a value inside an object or list: a comma and the next value, or the closing bracket. */
  afterValue(container: '{' | '['): void {
    const closing = container === '{' ? '}' : ']';
    const c = this.text[this.i];
    if (c === closing) {
      this.close();
      return;
    }
    if (c !== ',') this.fail(container === '{' ? REASON.afterMember : REASON.afterItem);
    this.i++;
    this.skipWhitespace();
    if (this.text[this.i] === closing) this.fail(REASON.trailingComma);
    if (container === '{') this.memberName();
    this.valueStart();
  }

  /** `"name" :`, leaving the scanner at the member's value. */
  memberName(): void {
    this.skipWhitespace();
    if (this.text[this.i] !== '"') this.fail(REASON.name);
    this.string();
    this.skipWhitespace();
    this.expect(':', REASON.colon);
  }

  scalar(c: string | undefined): void {
    if (c === '"') this.string();
    else if (c === '-' || isDigit(c)) this.number();
    else this.literal(c);
  }

  /** `true`, `false` or `null`. */
  literal(c: string | undefined): void {
    for (const literal of ['true', 'false', 'null']) {
      if (c !== literal[0]) continue;
      for (const expected of literal) {
        if (this.text[this.i] !== expected) this.fail(REASON.value);
        this.i++;
      }
      return;
    }
    this.fail(REASON.value);
  }

  string(): void {
    this.i++;
    for (;;) {
      const code = this.text.charCodeAt(this.i);
      if (Number.isNaN(code)) this.fail(REASON.end);
      if (code === 0x22) {
        this.i++;
        return;
      }
      if (code < 0x20) this.fail(REASON.control);
      if (code === 0x5c) this.escape();
      else this.i++;
    }
  }

  escape(): void {
    const next = this.text[this.i + 1];
    if (next === undefined) this.fail(REASON.end, this.i + 1);
    if (SIMPLE_ESCAPES.has(next)) {
      this.i += 2;
      return;
    }
    if (next !== 'u') this.fail(REASON.escape, this.i + 1);
    for (let k = 2; k < 6; k++) {
      if (!HEX_DIGIT.test(this.text[this.i + k] ?? '')) this.fail(REASON.escape, this.i + k);
    }
    this.i += 6;
  }

  number(): void {
    if (this.text[this.i] === '-') this.i++;
    if (this.text[this.i] === '0') this.i++;
    else this.digits();
    if (this.text[this.i] === '.') {
      this.i++;
      this.digits();
    }
    if (this.text[this.i] === 'e' || this.text[this.i] === 'E') {
      this.i++;
      if (this.text[this.i] === '+' || this.text[this.i] === '-') this.i++;
      this.digits();
    }
  }

  /** One or more digits. */
  digits(): void {
    if (!isDigit(this.text[this.i])) this.fail(REASON.number);
    while (isDigit(this.text[this.i])) this.i++;
  }
}

/** Line and column of `offset` (both 1-based). */
export function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x0a || (c === 0x0d && text.charCodeAt(i + 1) !== 0x0a)) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

/** The first syntax error in `text`, or `undefined` when it is valid JSON. Never throws. */
export function findJsonSyntaxError(text: string): JsonSyntaxError | undefined {
  try {
    new Scanner(text).scan();
    return undefined;
  } catch (error) {
    if (!(error instanceof Fault)) throw error;
    return { offset: error.offset, ...lineAndColumn(text, error.offset), reason: error.reason };
  }
}
