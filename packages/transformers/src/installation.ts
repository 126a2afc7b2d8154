// The platform-independent part of installMultiMax: decides per session whether and how to patch.
import type { InstallOptions, ModelLocation, MultiMaxInstallation, SessionReport } from './options.js';
import { createParamsLookup, type ParamsTextReader } from './params/params-resolver.js';
import type { ModelInput, SessionOptions } from './session/create-arguments.js';
import { isInternalOpSession } from './session/internal-session.js';
import type { PatchedBytes } from './session/patch-bytes.js';
import { PatchCache } from './session/patch-cache.js';
import { hookSessionCreate, type InferenceSessionClass } from './session/session-hook.js';

/** The operations that differ between Node and the browser. */
export interface Platform {
  sessionClass: InferenceSessionClass;
  reader: ParamsTextReader;
  /** Tells which model file `input` is, or undefined when the plugin cannot tell. */
  locate(input: ModelInput): Promise<ModelLocation | undefined>;
  readBytes(input: ModelInput): Promise<Uint8Array>;
  /** The options for a session created from patched bytes in place of `input`. */
  optionsForPatchedBytes(input: ModelInput, options: SessionOptions | undefined, patched: PatchedBytes): SessionOptions | undefined;
  /** Undoes what the platform changed at install time, such as a wrapped env.fetch. */
  dispose(): void;
}

/** Hooks the platform's InferenceSession.create and returns the handle that removes the hook. */
export function installWithPlatform(options: InstallOptions, platform: Platform): MultiMaxInstallation {
  try {
    return hookPlatform(options, platform);
  } catch (error) {
    // Invalid params or a second installation: leave env.fetch and the rest as they were.
    platform.dispose();
    throw error;
  }
}

function hookPlatform(options: InstallOptions, platform: Platform): MultiMaxInstallation {
  const lookupParams = createParamsLookup(options, platform.reader);
  const cache = new PatchCache();
  const warnings = new Set<string>();
  const report = (entry: SessionReport) => options.onSession?.(entry);
  const warnOnce = (message: string) => {
    if (warnings.has(message)) return;
    warnings.add(message);
    console.warn(message);
  };

  const removeHook = hookSessionCreate(platform.sessionClass, async (call, createOriginal) => {
    const originalArguments = call.options === undefined ? [originalModelArgument(call.input)] : [originalModelArgument(call.input), call.options];
    const unpatched = { patched: 0, replaced: 0, fusedAttentionOps: [], cached: false, paramsOrigin: undefined };

    if (isInternalOpSession(call.options)) {
      report({ kind: 'internal', location: undefined, ...unpatched });
      return createOriginal(...originalArguments);
    }

    const location = await platform.locate(call.input);
    const resolved = await lookupParams(location);
    if (resolved === undefined) {
      if (location === undefined) {
        warnOnce('MultiMax: could not tell which model file a session was created from (for example, bytes that came from a custom cache), so only params given as a value or a file apply to it and multimax.json is not read.');
      }
      report({ kind: 'model', location, ...unpatched });
      return createOriginal(...originalArguments);
    }

    const source = location?.source ?? 'model bytes';
    const bytes = await platform.readBytes(call.input);
    const { result, cached } = await cache.patch(bytes, resolved.params, source);
    if (result.fusedAttentionOps.length > 0) {
      warnOnce(`MultiMax: ${source} uses fused attention (${result.fusedAttentionOps.join(', ')}), whose softmax runs inside one operator and stays unpatched.`);
    }
    report({
      kind: 'model',
      location,
      paramsOrigin: resolved.origin,
      patched: result.patched,
      replaced: result.replaced,
      fusedAttentionOps: result.fusedAttentionOps,
      cached,
    });

    if (result.bytes === undefined) return createOriginal(...originalArguments);
    const patchedOptions = platform.optionsForPatchedBytes(call.input, call.options, result);
    return patchedOptions === undefined ? createOriginal(result.bytes) : createOriginal(result.bytes, patchedOptions);
  });

  let installed = true;
  return {
    uninstall() {
      if (!installed) return;
      installed = false;
      removeHook();
      platform.dispose();
      cache.clear();
    },
  };
}

function originalModelArgument(input: ModelInput): string | Uint8Array {
  return input.kind === 'path' ? input.path : input.bytes;
}
