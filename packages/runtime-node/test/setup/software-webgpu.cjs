// Gives onnxruntime-node's WebGPU provider the SwiftShader software adapter of Debian's chromium
// package, for test processes on machines without a GPU. Must run before onnxruntime-node creates
// its first WebGPU session, because the Vulkan loader reads VK_ICD_FILENAMES once.
const { existsSync } = require('node:fs');
const os = require('node:os');

const SWIFTSHADER_ICD_PATH = '/usr/lib/chromium/vk_swiftshader_icd.json';
// Debian's chromium keeps its own Vulkan loader here, off the library search path.
const CHROMIUM_VULKAN_LOADER = '/usr/lib/chromium/libvulkan.so.1';
// glibc's RTLD_NODELETE, which os.constants.dlopen does not list: the library stays loaded after
// process.dlopen closes it again.
const RTLD_NODELETE = 0x1000;

/** Sets VK_ICD_FILENAMES to SwiftShader when unset, and loads a Vulkan loader when the system has none. */
function prepareSoftwareWebGpu() {
  if (process.platform !== 'linux') return;
  if (process.env.VK_ICD_FILENAMES === undefined && existsSync(SWIFTSHADER_ICD_PATH)) process.env.VK_ICD_FILENAMES = SWIFTSHADER_ICD_PATH;

  // Dawn, onnxruntime's WebGPU implementation, opens "libvulkan.so.1" by name. Once a library with
  // that soname is loaded, the dynamic linker returns it, so chromium's copy serves when no system
  // loader is installed.
  if (!loadSharedLibrary('libvulkan.so.1') && existsSync(CHROMIUM_VULKAN_LOADER)) loadSharedLibrary(CHROMIUM_VULKAN_LOADER);
}

/** Loads a plain shared library for good; returns whether it was found. */
function loadSharedLibrary(file) {
  try {
    process.dlopen({ exports: {} }, file, os.constants.dlopen.RTLD_NOW | RTLD_NODELETE);
    return true;
  } catch (error) {
    // process.dlopen expects a Node addon: a plain library loads, then fails this check.
    return /did not self-register/.test(error.message);
  }
}

module.exports = { prepareSoftwareWebGpu, SWIFTSHADER_ICD_PATH };
