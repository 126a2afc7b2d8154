/**
 * Returns the message of an error. It checks for a string `message` rather than `instanceof Error`,
 * because onnxruntime-node creates its errors in the host realm, which is another realm under jest.
 */
export function errorMessage(error: unknown): string {
  if (typeof error === 'object' && error !== null && 'message' in error && typeof error.message === 'string') return error.message;
  return String(error);
}
