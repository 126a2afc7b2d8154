import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The package.json fields that the release checks read. */
export interface PackageManifest {
  name: string;
  version: string;
  private?: boolean;
  description?: string;
  keywords?: string[];
  license?: string;
  repository?: { type?: string; url?: string; directory?: string };
  type?: string;
  bin?: string | Record<string, string>;
  main?: string;
  types?: string;
  exports?: unknown;
  files?: string[];
  sideEffects?: boolean | string[];
  engines?: Record<string, string>;
  publishConfig?: Record<string, string>;
  workspaces?: string[];
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
}

export interface WorkspacePackage {
  manifest: PackageManifest;
  /** Absolute path of the package folder. */
  dir: string;
  /** Path of the package folder relative to the repository root, with forward slashes. */
  relativeDir: string;
}

export function readManifest(packageDir: string): PackageManifest {
  return JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')) as PackageManifest;
}

/**
 * Lists the workspace packages of the root package.json, sorted by folder. Supports the
 * `folder/*` workspace patterns this repository uses, and throws on any other pattern.
 */
export function listWorkspacePackages(repositoryRoot: string): WorkspacePackage[] {
  const patterns = readManifest(repositoryRoot).workspaces ?? [];
  const packages: WorkspacePackage[] = [];

  for (const pattern of patterns) {
    const parent = /^([\w.-]+)\/\*$/.exec(pattern)?.[1];
    if (parent === undefined) throw new Error(`workspace pattern "${pattern}" is not supported; use "folder/*" patterns or extend listWorkspacePackages`);

    for (const entry of readdirSync(join(repositoryRoot, parent), { withFileTypes: true })) {
      const dir = join(repositoryRoot, parent, entry.name);
      if (!entry.isDirectory() || !existsSync(join(dir, 'package.json'))) continue;
      packages.push({ manifest: readManifest(dir), dir, relativeDir: `${parent}/${entry.name}` });
    }
  }

  return packages.sort((a, b) => a.relativeDir.localeCompare(b.relativeDir));
}

/** Lists the workspace packages that `changeset publish` publishes: those without `private: true`. */
export function listPublicPackages(repositoryRoot: string): WorkspacePackage[] {
  return listWorkspacePackages(repositoryRoot).filter((workspacePackage) => workspacePackage.manifest.private !== true);
}
