import type { ProbeReport } from '../engine/report.js';
import type { CliIo } from './cli-io.js';
import { renderTable } from './render-table.js';
import { terminalSafeJson } from './terminal-text.js';

/**
 * Prints the report: JSON only on stdout with `--json`, the table otherwise. Neither lets
 * text from outside drive the terminal (see terminal-text.ts).
 */
export function emit(report: ProbeReport, json: boolean, io: Pick<CliIo, 'stdout'>): void {
  if (json) io.stdout(`${terminalSafeJson(JSON.stringify(report, null, 2))}\n`);
  else io.stdout(renderTable(report));
}
