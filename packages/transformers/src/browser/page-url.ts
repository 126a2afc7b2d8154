/** Returns the URL that relative URLs resolve against: the document's base URL, or the worker's location. */
export function pageBaseUrl(): string | undefined {
  const scope = globalThis as { document?: { baseURI?: string }; location?: { href?: string } };
  return scope.document?.baseURI ?? scope.location?.href;
}

/** Returns true for URLs of ONNX model files, ignoring query and fragment. */
export function isOnnxUrl(url: string): boolean {
  return /\.onnx(?:[?#]|$)/i.test(url);
}
