import { existsSync } from 'node:fs';
import { join } from 'node:path';

import { npmEnvironment, runCommand } from './run-command.js';
import type { PackageManifest } from './workspace.js';

const PACK_TIMEOUT_MS = 60_000;

/** One export condition that resolves to a file, such as `.` under `node`. */
export interface ExportTarget {
  /** The subpath and the conditions leading to the file, such as `. node`. */
  entry: string;
  /** The `types` file of the entry, relative to the package root, or undefined when the entry has none. */
  types: string | undefined;
  /** The JavaScript file of the entry, relative to the package root. */
  module: string;
}

/** Lists the file paths that `npm pack` would put into the package's tarball, relative to the package root. */
export async function listPackedFiles(packageDir: string): Promise<string[]> {
  const { stdout } = await runCommand('npm', ['pack', '--dry-run', '--json'], {
    cwd: packageDir,
    env: npmEnvironment(),
    timeoutMs: PACK_TIMEOUT_MS,
  });
  const [report] = JSON.parse(stdout) as { files: { path: string }[] }[];
  if (report === undefined) throw new Error(`npm pack --dry-run --json printed no report in ${packageDir}`);
  return report.files.map((file) => file.path).sort();
}

/**
 * Lists every entry of the manifest's `exports` that resolves to a JavaScript file, with its
 * `types` file. A `types` condition applies to the JavaScript targets beside it and below it, as in
 * TypeScript's resolution. `./package.json` is skipped.
 */
export function listExportTargets(manifest: PackageManifest): ExportTarget[] {
  const targets: ExportTarget[] = [];

  const visit = (value: unknown, path: string[], inheritedTypes: string | undefined): void => {
    if (typeof value === 'string') {
      targets.push({ entry: path.join(' '), types: inheritedTypes, module: withoutDotSlash(value) });
      return;
    }
    if (value === null || typeof value !== 'object') return;

    const conditions = value as Record<string, unknown>;
    const types = typeof conditions.types === 'string' ? withoutDotSlash(conditions.types) : inheritedTypes;
    for (const [key, child] of Object.entries(conditions)) {
      if (key === 'types' || key === './package.json') continue;
      visit(child, [...path, key], types);
    }
  };

  // `exports` is either a target or conditions for ".", or an object of subpaths starting with ".".
  const exportsField = manifest.exports;
  const hasSubpaths = exportsField !== null && typeof exportsField === 'object' && Object.keys(exportsField).every((key) => key.startsWith('.'));
  visit(hasSubpaths ? exportsField : { '.': exportsField }, [], undefined);
  return targets;
}

/** Lists the files that the manifest's `bin` field points to, relative to the package root. */
export function listBinTargets(manifest: PackageManifest): string[] {
  if (manifest.bin === undefined) return [];
  const targets = typeof manifest.bin === 'string' ? [manifest.bin] : Object.values(manifest.bin);
  return targets.map(withoutDotSlash);
}

/**
 * Returns the packed files that a published package must not contain: TypeScript sources (other
 * than declarations), tests, fixtures, source and declaration maps (their sources are not
 * published), and build or tool state.
 */
export function findUnwantedFiles(files: readonly string[]): string[] {
  const unwanted = [
    /^src\//,
    /(?<!\.d)\.[cm]?tsx?$/,
    /(^|\/)(test|tests|__tests__)\//,
    /\.(test|spec)\.[cm]?[jt]sx?$/,
    /fixture/i,
    /\.map$/,
    /\.tsbuildinfo$/,
    /(^|\/)\.turbo\//,
    /(^|\/)(jest\.config|tsconfig)[^/]*$/,
  ];
  return files.filter((file) => unwanted.some((pattern) => pattern.test(file)));
}

/**
 * Returns the packed `dist/**.js` files that no `src/**.ts` file compiles to. tsc never deletes
 * outputs, so a renamed or deleted source file leaves its old output in dist, and npm would publish it.
 */
export function findStaleBuildOutputs(files: readonly string[], packageDir: string): string[] {
  return files.filter((file) => {
    const match = /^dist\/(.+)\.js$/.exec(file);
    if (match === null) return false;
    return !existsSync(join(packageDir, 'src', `${match[1]}.ts`));
  });
}

function withoutDotSlash(path: string): string {
  return path.replace(/^\.\//, '');
}
