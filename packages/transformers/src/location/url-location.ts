import type { ModelLocation } from '../options.js';
import { DEFAULT_ONNX_SUBFOLDER, relativeInside } from './model-folder.js';

/** The transformers.js env settings that decide where model URLs point. */
export interface UrlSettings {
  remoteHost: string;
  remotePathTemplate: string;
  localModelPath: string;
}

/**
 * Tells the model id, folder and file name of a model file URL, as transformers.js 4.3 builds them
 * in buildResourcePaths (utils/hub.js): `<remoteHost><remotePathTemplate><file>` with `{model}` and
 * `{revision}` filled in, or `<localModelPath><model>/<file>`. Outside the remote host, the folder is
 * the file's folder, or the one above it when that is named "onnx", the default subfolder.
 * `baseUrl` resolves relative URLs and a relative localModelPath.
 */
export function locateModelUrl(url: string, settings: UrlSettings, baseUrl?: string): ModelLocation {
  const absolute = new URL(url, baseUrl).href;

  const remote = matchRemoteUrl(absolute, settings);
  if (remote !== undefined) return { ...remote, source: absolute };

  const directory = absolute.slice(0, absolute.lastIndexOf('/'));
  const folder = directory.endsWith(`/${DEFAULT_ONNX_SUBFOLDER}`) ? directory.slice(0, -DEFAULT_ONNX_SUBFOLDER.length - 1) : directory;
  const fileName = absolute.slice(folder.length + 1);
  const localRoot = new URL(settings.localModelPath, baseUrl).href;
  const modelId = relativeInside(folder, localRoot) ?? folder;
  return { modelId, fileName, folder, source: absolute };
}

function matchRemoteUrl(url: string, settings: UrlSettings): Omit<ModelLocation, 'source'> | undefined {
  const host = settings.remoteHost.endsWith('/') ? settings.remoteHost : `${settings.remoteHost}/`;
  const template = settings.remotePathTemplate.endsWith('/') ? settings.remotePathTemplate : `${settings.remotePathTemplate}/`;
  const pattern = escapeRegExp(host + template)
    .replace(escapeRegExp('{model}'), '(?<model>.+?)')
    .replace(escapeRegExp('{revision}'), '[^/]+');
  const match = new RegExp(`^(?<folder>${pattern})(?<file>.+)$`).exec(url);
  const model = match?.groups?.model;
  const folder = match?.groups?.folder;
  const file = match?.groups?.file;
  if (model === undefined || folder === undefined || file === undefined) return undefined;
  return { modelId: decodeURIComponent(model), fileName: file, folder: folder.slice(0, -1) };
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
