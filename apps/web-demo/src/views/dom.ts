// Small DOM helpers shared by the views.

/** Returns the element with `id`; throws when it is missing or of another type, which means index.html and the code disagree. */
export function requireElement<T extends Element>(id: string, type: abstract new (...args: never[]) => T): T {
  const element = document.getElementById(id);
  if (!(element instanceof type)) throw new Error(`index.html has no ${type.name} with id ${JSON.stringify(id)}`);
  return element;
}

/** Creates an element with attributes and optional text content. */
export function createElement<K extends keyof HTMLElementTagNameMap>(tag: K, attributes: Record<string, string> = {}, text?: string): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, value);
  if (text !== undefined) element.textContent = text;
  return element;
}

/** Returns a function that calls `action` once no call has come for `delayMs` milliseconds. */
export function debounce<A extends unknown[]>(action: (...args: A) => void, delayMs: number): (...args: A) => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  return (...args: A) => {
    if (timer !== undefined) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = undefined;
      action(...args);
    }, delayMs);
  };
}
