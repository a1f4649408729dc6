import type { ProbeReport } from '../engine/report.js';
import type { ReceiverCheckResult, ReceiverResult } from '../receiver/receiver-result.js';
import { terminalSafe } from './terminal-text.js';

/** The check that decided a receiver's category: its first failing, non-skipped check. */
export function decidingReceiverCheck(receiver: ReceiverResult): ReceiverCheckResult | undefined {
  return receiver.checks.find((c) => c.category === receiver.category && c.category !== 'ok' && !c.skipped);
}

function pad(s: string, width: number): string {
  return s.length >= width ? `${s.slice(0, width - 1)}…` : s.padEnd(width);
}

/**
 * The receivers' section of the table: one row per receiver (category, reason, who answered
 * the signed event), then what failed and what to do, and any note. `wrap` is the table's own.
 * Empty when the run had no receivers.
 */
export function receiverLines(
  report: ProbeReport,
  wrap: (text: string, width: number, indent: string) => string[],
): string[] {
  if (report.receivers.length === 0) return [];
  const nameWidth = Math.max(12, ...report.receivers.map((r) => terminalSafe(r.name).length + 2));
  const out = [
    '',
    `${pad('RECEIVER', nameWidth)}${pad('CATEGORY', 20)}${pad('REASON', 30)}SIGNED EVENT ANSWERED BY`,
  ];
  for (const r of report.receivers) {
    const signed = r.checks.find((c) => c.check === 'signed_event');
    const answered = signed === undefined || signed.skipped ? '-' : signed.answeredBy;
    out.push(
      `${pad(terminalSafe(r.name), nameWidth)}${pad(r.category, 20)}${pad(r.reason ?? '-', 30)}${answered}`,
    );
  }
  const explained = report.receivers.filter((r) => r.category !== 'ok' || r.note !== undefined);
  if (explained.length > 0) out.push('', 'Receivers: what failed and what to do:');
  for (const r of explained) {
    out.push('', `${r.name}: ${r.category}${r.reason ? ` (${r.reason})` : ''}`);
    const c = decidingReceiverCheck(r);
    if (c) {
      const where =
        c.httpStatus !== undefined ? `HTTP ${c.httpStatus}, answered by ${c.answeredBy}` : 'no answer';
      out.push(...wrap(`${c.check} (${where}): ${c.message}`, 96, '  '));
      if (c.remedy) out.push(...wrap(`Remedy: ${c.remedy}`, 96, '  '));
    }
    if (r.note) out.push(...wrap(`Note: ${r.note}`, 96, '  '));
  }
  return out;
}
