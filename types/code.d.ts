// The code modules' convenience functions (bindings/js/code.js).
import type { CallOptions, Diagnostic } from './runtime.js';

/** A language with a code module: code-javascript, code-typescript, code-tsx, code-python, code-c. */
export type CodeLanguage = 'javascript' | 'typescript' | 'tsx' | 'python' | 'c';

/** Also the call's own `timeoutMs` and `signal` (as rt.call's last argument). */
export interface CodeOptions extends Pick<CallOptions, 'timeoutMs' | 'signal'> {
  /** The language ('js', 'ts', 'py' are accepted too); else chosen by the extension of `filename`. */
  language?: CodeLanguage | 'js' | 'ts' | 'py';
  /** A file name whose extension picks the language when `language` is not given. */
  filename?: string;
  /** Largest source accepted, in bytes (default 16 MiB); larger is E_INPUT_TOO_LARGE / a limit error. */
  maxBytes?: number;
}

export interface QueryCodeOptions extends CodeOptions {
  /** At most this many captures (default 100000); `truncated` says when more were found. */
  maxCaptures?: number;
}

/** A span: 1-based lines, 1-based columns in code points, 0-based byte offsets (end exclusive). */
export interface CodeSpan {
  startLine: number;
  startColumn: number;
  endLine: number;
  endColumn: number;
  startOffset: number;
  endOffset: number;
}

export type CodeFunctionKind =
  | 'function' | 'generator' | 'arrow' | 'method' | 'getter' | 'setter' | 'constructor'
  | 'initializer' | 'static-block';

export interface CodeFunction extends CodeSpan {
  /** Its own name, else the variable, property or method it is bound to, else '<anonymous>'. */
  name: string;
  kind: CodeFunctionKind;
  /** Declared parameters; null for class field initializers and static blocks. */
  params: number | null;
  /** Cyclomatic complexity (ESLint's `complexity` rule for JS/TS; radon for Python; pmccabe for C). */
  complexity: number;
  /** Deepest nesting of if/loops/switch/try inside it (ESLint's max-depth). */
  maxNesting: number;
  lines: number;
  /** The class it belongs to, when it is a member. */
  class?: string;
}

export interface CodeClass extends CodeSpan {
  name: string;
  methods: string[];
}

export interface CodeAnalysis {
  language: CodeLanguage;
  functions: CodeFunction[];
  classes: CodeClass[];
  imports: { source: string; line: number }[];
  exports: { name: string; line: number }[];
  totals: {
    lines: number;
    codeLines: number;
    commentLines: number;
    blankLines: number;
    functions: number;
    complexityAvg: number;
    complexityMax: number;
  };
  syntaxErrors: number;
  /** Syntax errors and other notes, as warnings. */
  diagnostics: Diagnostic[];
}

export interface CodeSymbol {
  name: string;
  kind: CodeFunctionKind | 'class';
  startLine: number;
  startColumn: number;
  endLine: number;
  endColumn: number;
  children: CodeSymbol[];
}

export interface CodeOutline {
  language: CodeLanguage;
  symbols: CodeSymbol[];
  syntaxErrors: number;
  diagnostics: Diagnostic[];
}

export interface CodeCapture extends CodeSpan {
  /** The capture's name, without the @. */
  name: string;
  /** The index of the pattern that matched. */
  pattern: number;
  /** The node type. */
  type: string;
  /** The node's text (at most 200 bytes). */
  text: string;
  /** The pattern's `#set!` properties, when it has any. */
  setProperties?: Record<string, string | null>;
  /** The pattern's `#is?` properties, when it has any. */
  assertedProperties?: Record<string, string | null>;
  /** The pattern's `#is-not?` properties, when it has any. */
  refutedProperties?: Record<string, string | null>;
}

/** An argument of a query directive. */
export type CodeQueryOperand = { type: 'capture'; name: string } | { type: 'string'; value: string };

/** A directive the query has but that is not applied (`#strip!`, `#select-adjacent!`, `#offset!`). */
export interface CodeQueryDirective {
  pattern: number;
  operator: string;
  operands: CodeQueryOperand[];
}

export interface CodeQueryResult {
  captures: CodeCapture[];
  truncated: boolean;
  syntaxErrors: number;
  /** Present when the query has directives that are not applied. */
  directives?: CodeQueryDirective[];
  diagnostics: Diagnostic[];
}

export interface ValidateCodeResult {
  valid: boolean;
  errors: Diagnostic[];
  /** Includes 'grammar-limit' notes: errors that may be the grammar's limit rather than the author's. */
  warnings: Diagnostic[];
}

/** The languages and the file extensions that select them. */
export declare const codeLanguages: Readonly<Record<CodeLanguage, string[]>>;
/** The language a call would use; throws a WasmodError when there is none. */
export declare function codeLanguageOf(options?: { language?: string; filename?: string }): CodeLanguage;
export declare function validateCode(source: string | Uint8Array, options?: CodeOptions): Promise<ValidateCodeResult>;
export declare function analyzeCode(source: string | Uint8Array, options?: CodeOptions): Promise<CodeAnalysis>;
export declare function outlineCode(source: string | Uint8Array, options?: CodeOptions): Promise<CodeOutline>;
export declare function queryCode(source: string | Uint8Array, query: string, options?: QueryCodeOptions): Promise<CodeQueryResult>;
