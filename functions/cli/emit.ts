import type { ProbeReport } from '../engine/report.js';
import type { CliIo } from './cli-io.js';
import { renderTable } from './render-table.js';

/** Prints the report: JSON only on stdout with `--json`, the table otherwise. */
export function emit(report: ProbeReport, json: boolean, io: Pick<CliIo, 'stdout'>): void {
  if (json) io.stdout(`${JSON.stringify(report, null, 2)}\n`);
  else io.stdout(renderTable(report));
}
