// Public option and report types shared by the Node and browser entries.
import type { AnyParams, ParamsFile } from '@multimax/core';
import type { env as transformersEnv } from '@huggingface/transformers';

/** The transformers.js `env` object: model paths, cache settings, fetch and the onnxruntime backend it uses. */
export type TransformersEnv = typeof transformersEnv;

/** A params file, or one params object (either notation) that applies to every attention Softmax. */
export type ParamsValue = ParamsFile | AnyParams;

/**
 * Chooses params per model file. `modelId` and `fileName` are described in ModelLocation. Return
 * null or undefined to defer to the model's own multimax.json, if any.
 */
export type ParamsResolver = (modelId: string, fileName: string) => ParamsValue | null | undefined | Promise<ParamsValue | null | undefined>;

export interface InstallOptions {
  /**
   * MultiMax params for the models transformers.js loads: a params value, the path (Node) or URL
   * (browser) of a params file, or a function of the model. When absent, or when the function
   * returns null, a model's own multimax.json beside its config.json is used.
   */
  params?: ParamsValue | string | ParamsResolver;
  /** Whether a model's own multimax.json is read when the caller's params do not apply; true by default. */
  useModelParams?: boolean;
  /**
   * The transformers.js `env` of the copy of transformers.js that loads the models. Defaults to the
   * env of the @huggingface/transformers that this package resolves. Pass it when the application
   * imports transformers.js another way, so that installMultiMax can check that both share one
   * onnxruntime module.
   */
  env?: TransformersEnv;
  /** Called once for every session that transformers.js creates while MultiMax is installed. */
  onSession?: (report: SessionReport) => void;
}

/** The origin of a model file, as far as the plugin can tell from what transformers.js passes. */
export interface ModelLocation {
  /**
   * The model id given to transformers.js (e.g. "Xenova/bert-base-uncased") when the file lies
   * under env.localModelPath, env.cacheDir or the remote host; otherwise the model folder's path or URL.
   */
  modelId: string;
  /** The ONNX file's path relative to the model folder, e.g. "onnx/model.onnx". */
  fileName: string;
  /** The model folder (path or URL), which contains config.json and optionally multimax.json. */
  folder: string;
  /** The file path or URL of the ONNX file. */
  source: string;
}

/** The source of a patched session's params. */
export type ParamsOrigin = 'options' | 'model-params-file';

/** The outcome of one InferenceSession.create call. */
export interface SessionReport {
  /**
   * 'internal' for transformers.js' own small operator sessions (top-k, interpolation and others),
   * which stay unpatched; 'model' for model files.
   */
  kind: 'model' | 'internal';
  /** Undefined for internal sessions and for model bytes whose file the plugin could not identify. */
  location: ModelLocation | undefined;
  /** Undefined when no params applied to the model. */
  paramsOrigin: ParamsOrigin | undefined;
  /** Number of MultiMax modulators in the session's model. */
  patched: number;
  /** Number of modulators of an earlier patch that were replaced, e.g. in a file the CLI had patched. */
  replaced: number;
  /** Fused attention operators found in the model (such as com.microsoft MultiHeadAttention), which the patch cannot reach. */
  fusedAttentionOps: string[];
  /** True when the patched bytes came from the content-hash cache. */
  cached: boolean;
}

/** Handle returned by installMultiMax. */
export interface MultiMaxInstallation {
  /** Restores the original InferenceSession.create; sessions created before stay as they are. */
  uninstall(): void;
}
