import { type CheckResult, decidingCheck, type ProbeReport } from '../engine/report.js';
import { CATEGORIES } from '../shared/categories.js';
import { REASONS } from '../shared/reasons.js';
import { receiverLines } from './render-receivers.js';
import { terminalSafe } from './terminal-text.js';

/** Wide enough for every category whole (`secret_unavailable`), so none is cut in the table. */
const CATEGORY_WIDTH = Math.max(...CATEGORIES.map((c) => c.length)) + 2;
/** Wide enough for every reason whole. */
const REASON_WIDTH = Math.max(...REASONS.map((r) => r.length)) + 2;

function pad(s: string, width: number): string {
  return s.length >= width ? `${s.slice(0, width - 1)}…` : s.padEnd(width);
}

/** Lines of at most `width` characters; any whitespace in `text` (CR and LF included) only separates words. */
function wrap(text: string, width: number, indent: string): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/)) {
    if (line.length > 0 && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line.length === 0 ? word : `${line} ${word}`;
  }
  if (line.length > 0) lines.push(line);
  return lines.map((l) => indent + l);
}

function checkName(c: CheckResult): string {
  return c.check === 'target' ? `target ${c.label ?? c.target ?? ''}`.trim() : c.check;
}

/**
 * The human-readable report: one row per integration, then what failed and what to do.
 * Every value is made {@link terminalSafe} before it is measured, and every line again
 * before it is printed: text from outside is shown, never obeyed by the terminal.
 */
export function renderTable(report: ProbeReport): string {
  const out = tableLines(report);
  return `${out.map(terminalSafe).join('\n')}\n`;
}

function tableLines(report: ProbeReport): string[] {
  const out: string[] = [];
  const n = report.integrations.length;
  const m = report.receivers.length;
  const receivers = m === 0 ? '' : ` and ${m} webhook receiver${m === 1 ? '' : 's'}`;
  out.push(
    `Notion monitor: ${n} integration${n === 1 ? '' : 's'}${receivers} probed in ${(report.durationMs / 1000).toFixed(1)} s (Notion-Version ${report.notionVersion})`,
    '',
  );
  const safe = (text: string | null) => (text === null ? '-' : terminalSafe(text));
  const nameWidth = Math.max(12, ...report.integrations.map((i) => safe(i.name).length + 2));
  out.push(
    `${pad('INTEGRATION', nameWidth)}${pad('CATEGORY', CATEGORY_WIDTH)}${pad('REASON', REASON_WIDTH)}${pad('TOKEN', 14)}${pad('TYPE', 10)}WORKSPACE`,
  );
  for (const i of report.integrations) {
    out.push(
      `${pad(safe(i.name), nameWidth)}${pad(i.category, CATEGORY_WIDTH)}${pad(i.reason ?? '-', REASON_WIDTH)}${pad(safe(i.tokenFingerprint), 14)}${pad(i.tokenType ?? '-', 10)}${safe(i.workspaceName)}`,
    );
  }
  const failing = report.integrations.filter((i) => i.category !== 'ok');
  if (failing.length > 0) {
    out.push('', 'What failed and what to do:');
    for (const i of failing) {
      const c = decidingCheck(i.checks);
      out.push('', `${i.name}: ${i.category} (${i.reason})`);
      if (c) {
        const where =
          c.httpStatus !== undefined ? `HTTP ${c.httpStatus}, origin ${c.origin}` : `origin ${c.origin}`;
        out.push(...wrap(`${checkName(c)} (${where}): ${c.message}`, 96, '  '));
        if (c.remedy) out.push(...wrap(`Remedy: ${c.remedy}`, 96, '  '));
      }
    }
  }
  out.push(...receiverLines(report, wrap));
  const counts = Object.entries(report.summary)
    .filter(([, count]) => count > 0)
    .map(([category, count]) => `${category} ${count}`)
    .join(', ');
  out.push('', `Summary: ${counts}`);
  return out;
}
