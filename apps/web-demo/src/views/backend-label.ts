// The header's backend readout: which execution provider runs the models, and why not WebGPU.
import type { Backend } from '../model/runtime';

export function showBackend(element: HTMLElement, backend: Backend): void {
  element.dataset.backend = backend.name;
  if (backend.name === 'webgpu') {
    element.textContent = `WebGPU (${backend.detail})`;
    return;
  }
  element.textContent = `WebAssembly on the CPU, ${backend.detail}; WebGPU is not used because ${backend.fallbackReason ?? 'of an unknown reason'}`;
}
