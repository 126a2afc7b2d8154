/**
 * The folder in which transformers.js 4.3 puts ONNX files by default (the `subfolder` option).
 * A model file whose parent folder has this name belongs to the folder above it.
 */
export const DEFAULT_ONNX_SUBFOLDER = 'onnx';

/** Returns `path` relative to `root` when it lies inside `root` (both with '/' separators), else undefined. */
export function relativeInside(path: string, root: string): string | undefined {
  const prefix = root.endsWith('/') ? root : `${root}/`;
  if (!path.startsWith(prefix)) return undefined;
  const rest = path.slice(prefix.length).replace(/\/+$/, '');
  return rest === '' ? undefined : rest;
}
