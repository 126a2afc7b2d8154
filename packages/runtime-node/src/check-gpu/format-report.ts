import { CHECK_PARAMS, type CheckCell, type CheckReport, TOLERANCE } from './run-check.js';

/** Formats the report as a table of max abs differences to cpu, with a note for every cell that is not a number. */
export function formatReport(report: CheckReport): string {
  const header = ['model', ...report.devices];
  const body = report.rows.map((row) => [row.model, ...row.cells.map(formatCell)]);
  const widths = header.map((_, column) => Math.max(...[header, ...body].map((line) => (line[column] ?? '').length)));
  const formatLine = (line: string[]) => line.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join('  ').trimEnd();

  const lines = [
    `Max abs difference to cpu of each model patched with ${JSON.stringify(CHECK_PARAMS)} on every attention layer (tolerance ${TOLERANCE}):`,
    '',
    formatLine(header),
    ...body.map(formatLine),
  ];

  const notes = [
    ...[...report.missing].map(([device, reason]) => `${device}: missing. ${reason}`),
    ...report.rows.flatMap((row) => row.cells.filter((cell) => cell.detail !== undefined).map((cell) => `${row.model} on ${cell.device}: ${cell.status}. ${cell.detail}`)),
  ];
  if (notes.length > 0) lines.push('', ...notes);

  lines.push('', report.passed ? 'PASSED' : 'FAILED: a requested device is missing, or a device failed or differs from cpu by more than the tolerance.');
  return lines.join('\n');
}

function formatCell(cell: CheckCell): string {
  if (cell.status === 'ok') return (cell.maxDifference ?? 0).toExponential(1);
  if (cell.status === 'mismatch') return `${(cell.maxDifference ?? Number.NaN).toExponential(1)} (over)`;
  return cell.status;
}
