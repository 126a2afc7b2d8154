import { type CreateCall, parseCreateArguments } from './create-arguments.js';

export type CreateSessionFunction = (...args: unknown[]) => Promise<unknown>;

/** The static side of onnxruntime's InferenceSession class, as far as the hook uses it. */
export interface InferenceSessionClass {
  create: CreateSessionFunction;
}

/** Handles one create call; `createOriginal` runs onnxruntime's own create with the given arguments. */
export type CreateHandler = (call: CreateCall, createOriginal: CreateSessionFunction) => Promise<unknown>;

const HOOK_MARK = Symbol.for('@multimax/transformers/session-hook');

/**
 * Replaces the static InferenceSession.create with a wrapper that passes every call it can read
 * to `handle`. transformers.js looks `create` up on the class at each call, so the wrapper
 * receives every session it creates from then on. Returns the function that removes the wrapper.
 */
export function hookSessionCreate(sessionClass: InferenceSessionClass, handle: CreateHandler): () => void {
  const original = sessionClass.create;
  if ((original as { [HOOK_MARK]?: true })[HOOK_MARK]) {
    throw new Error('MultiMax is already installed on this onnxruntime module; call uninstall() on the earlier installation before installing again.');
  }

  let active = true;
  const wrapper = function createWithMultiMax(this: unknown, ...args: unknown[]): Promise<unknown> {
    const createOriginal: CreateSessionFunction = (...forwarded) => original.apply(this, forwarded);
    const call = active ? parseCreateArguments(args) : undefined;
    return call === undefined ? createOriginal(...args) : handle(call, createOriginal);
  };
  Object.defineProperty(wrapper, HOOK_MARK, { value: true });
  sessionClass.create = wrapper;

  return () => {
    active = false;
    // Code that wrapped create after us keeps a reference to our wrapper, which now passes calls through.
    if (sessionClass.create === wrapper) sessionClass.create = original;
  };
}
