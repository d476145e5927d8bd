// TypeScript declarations for the wasmod package (bindings/js/index.js): one file per area.
export * from './runtime.js';
export * from './json.js';
export * from './code.js';
