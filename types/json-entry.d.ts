// 'wasmod/json': the json functions alone (a page that imports only these ships no code module).
export * from './json.js';
export { ErrorCode, WasmodError } from './runtime.js';
