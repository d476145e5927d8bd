// Compiles only if types/ describes the code API as it is used.
import {
  analyzeCode, codeLanguageOf, codeLanguages, outlineCode, queryCode, validateCode,
  type CodeAnalysis, type CodeFunction, type CodeLanguage, type CodeSymbol,
} from 'wasmod';

async function main(): Promise<void> {
  const v = await validateCode('function f( {', { language: 'javascript' });
  if (!v.valid) console.log(v.errors[0]?.line, v.errors[0]?.column, v.errors[0]?.message);
  console.log(v.warnings.filter((w) => w.code === 'grammar-limit').length);

  const a: CodeAnalysis = await analyzeCode(new TextEncoder().encode('def f(a):\n  return a or 1\n'), { filename: 'x.py' });
  const f: CodeFunction | undefined = a.functions[0];
  if (f) console.log(f.name, f.kind, f.complexity, f.maxNesting, f.params ?? 'none', f.class ?? '');
  console.log(a.totals.complexityAvg.toFixed(2), a.classes[0]?.methods, a.imports[0]?.source, a.syntaxErrors);

  const o = await outlineCode('int main(void) { return 0; }', { language: 'c', maxBytes: 1 << 20 });
  const walk = (s: CodeSymbol[]): number => s.reduce((n, x) => n + 1 + walk(x.children), 0);
  console.log(walk(o.symbols));

  const q = await queryCode('let x = 1', '(identifier) @id', { language: 'ts', maxCaptures: 10 });
  console.log(q.captures.map((c) => `${c.name}:${c.type}:${c.text}@${c.startLine}`), q.truncated);

  const lang: CodeLanguage = codeLanguageOf({ filename: 'a.tsx' });
  console.log(lang, codeLanguages.c);
}

void main();
