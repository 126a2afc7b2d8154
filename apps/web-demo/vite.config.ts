import { defineConfig } from 'vite';

// Relative asset paths, so the production build works from any static host and sub-folder.
export default defineConfig({ base: './' });
