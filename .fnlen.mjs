import ts from 'typescript';
import { readFileSync } from 'node:fs';
for (const f of process.argv.slice(2)) {
  const src = ts.createSourceFile(f, readFileSync(f, 'utf8'), ts.ScriptTarget.Latest, true, f.endsWith('x') ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
  const visit = (n) => {
    if (ts.isFunctionDeclaration(n) || ts.isArrowFunction(n) || ts.isMethodDeclaration(n) || ts.isFunctionExpression(n)) {
      const a = src.getLineAndCharacterOfPosition(n.getStart()).line, b = src.getLineAndCharacterOfPosition(n.getEnd()).line;
      if (b - a + 1 > 55) console.log(f, a + 1, b - a + 1, n.name?.getText?.() ?? '');
    }
    ts.forEachChild(n, visit);
  };
  visit(src);
}
