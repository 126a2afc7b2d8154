import type { ParamsFile } from '@multimax/core';

import type { InstallOptions, ModelLocation, ParamsOrigin } from '../options.js';
import { parseParamsText, toParamsFile } from './params-value.js';

/** The name of the params file a model folder may carry beside its config.json. */
export const MODEL_PARAMS_FILE_NAME = 'multimax.json';

/** Reads text from the platform: a file path in Node, a URL in the browser. */
export interface ParamsTextReader {
  /** Returns the text of a params file that must exist; rejects with a message that names the path or URL. */
  readRequired(pathOrUrl: string): Promise<string>;
  /** Returns the text of the model's multimax.json, or undefined when the model folder has none. */
  readModelParams(location: ModelLocation): Promise<string | undefined>;
}

export interface ResolvedParams {
  params: ParamsFile;
  origin: ParamsOrigin;
}

/** Returns the params for one model file, or undefined when none apply. */
export type ModelParamsLookup = (location: ModelLocation | undefined) => Promise<ResolvedParams | undefined>;

/**
 * Builds the per-model params lookup from the install options. The caller's params win. A
 * resolver function that returns null, or no caller params at all, defers to the model's own
 * multimax.json unless `useModelParams` is false. A params file path or URL is read once, on the
 * first model session.
 */
export function createParamsLookup(options: InstallOptions, reader: ParamsTextReader): ModelParamsLookup {
  const callerParams = options.params;
  const useModelParams = options.useModelParams ?? true;

  let fixedParams: (() => Promise<ParamsFile>) | undefined;
  if (typeof callerParams === 'string') {
    const path = callerParams;
    fixedParams = memoizeUntilRejected(() => reader.readRequired(path).then((text) => parseParamsText(text, path)));
  } else if (callerParams !== undefined && typeof callerParams !== 'function') {
    // Validated now, so invalid params fail at install time rather than at the first model load.
    const file = toParamsFile(callerParams, 'installMultiMax options.params');
    fixedParams = async () => file;
  }

  const modelParams = async (location: ModelLocation | undefined): Promise<ResolvedParams | undefined> => {
    if (!useModelParams || location === undefined) return undefined;
    const text = await reader.readModelParams(location);
    if (text === undefined) return undefined;
    return { params: parseParamsText(text, `${location.folder}/${MODEL_PARAMS_FILE_NAME}`), origin: 'model-params-file' };
  };

  return async (location) => {
    if (fixedParams !== undefined) return { params: await fixedParams(), origin: 'options' };

    if (typeof callerParams === 'function' && location !== undefined) {
      const value = await callerParams(location.modelId, location.fileName);
      if (value !== null && value !== undefined) {
        return { params: toParamsFile(value, `params for ${location.modelId} ${location.fileName}`), origin: 'options' };
      }
    }

    return modelParams(location);
  };
}

/** Runs `load` once and shares its promise; a rejection is not kept, so the next call tries again. */
function memoizeUntilRejected<T>(load: () => Promise<T>): () => Promise<T> {
  let pending: Promise<T> | undefined;
  return () => {
    pending ??= load().catch((error: unknown) => {
      pending = undefined;
      throw error;
    });
    return pending;
  };
}
