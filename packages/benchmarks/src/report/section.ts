import type { Chart } from './charts.js';

/** One performance target, checked against a measurement of this run. */
export interface TargetCheck {
  target: string;
  measured: string;
  /** Undefined when this run did not measure it (a skipped column, a failed case). */
  met: boolean | undefined;
}

/** The outcome of one benchmark section: its Markdown, its target checks and its pictures. */
export interface SectionResult {
  title: string;
  markdown: string;
  targets: TargetCheck[];
  /** Saved as SVG files beside the report when it is written, and shown at the end of the section. */
  charts?: Chart[];
}

/** Settings shared by every section. */
export interface RunSettings {
  /** Tiny sizes and one repetition: checks that the harness runs, measures nothing meaningful. */
  quick: boolean;
  /** Unmeasured runs before the measured ones. */
  warmups: number;
  /** Measured runs per case; the report gives their median. */
  repetitions: number;
  /** Folder for generated models, removed at the end. */
  temporaryFolder: string;
}
