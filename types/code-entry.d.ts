// 'wasmod/code': the code functions alone (a page that imports only these ships no json module).
export * from './code.js';
export { ErrorCode, WasmodError } from './runtime.js';
