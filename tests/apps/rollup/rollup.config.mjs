// Rollup with the two plugins a web app has anyway: node-resolve (browser
// conditions) and import-meta-assets (files named by new URL(..., import.meta.url)).
import { nodeResolve } from '@rollup/plugin-node-resolve';
import { importMetaAssets } from '@web/rollup-plugin-import-meta-assets';

export default {
  input: new URL('./main.js', import.meta.url).pathname,
  output: { dir: new URL('./dist', import.meta.url).pathname, format: 'es' },
  plugins: [nodeResolve({ browser: true }), importMetaAssets()],
};
