/** Writes one progress line to stderr, prefixed with the elapsed time, so stdout keeps only the report. */
export function progress(section: string, message: string): void {
  const elapsed = (performance.now() / 1000).toFixed(0).padStart(4);
  process.stderr.write(`[${elapsed} s] ${section}: ${message}\n`);
}
