// Gives every relative import in dist/**/*.d.ts the file it names: `./cache/entry` becomes
// `./cache/entry.js`, `./store` becomes `./store/index.js`. tsc copies the sources' extensionless
// specifiers, which `moduleResolution: "node16"`/`"nodenext"` do not follow (only "bundler" does).
// Fails, naming the file, on a relative specifier that names no declaration file.
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';

const root = resolve(process.argv[2] ?? 'dist');

function declarationFiles(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return declarationFiles(path);
    return path.endsWith('.d.ts') ? [path] : [];
  });
}

/** The string literals that name modules: import/export declarations and `import("…")` types. */
function moduleSpecifiers(source) {
  const found = [];
  const visit = (node) => {
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier) {
      found.push(node.moduleSpecifier);
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument)) {
      found.push(node.argument.literal);
    } else if (ts.isModuleDeclaration(node) && ts.isStringLiteral(node.name)) {
      found.push(node.name);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found.filter((literal) => ts.isStringLiteral(literal) && /^\.\.?(\/|$)/.test(literal.text));
}

/** The specifier with the extension node16 needs, or undefined when no declaration file answers it. */
function withExtension(file, specifier) {
  const target = resolve(dirname(file), specifier);
  if (specifier.endsWith('.js') && existsSync(target.replace(/\.js$/, '.d.ts'))) return specifier;
  if (existsSync(`${target}.d.ts`)) return `${specifier}.js`;
  if (existsSync(join(target, 'index.d.ts'))) return `${specifier.replace(/\/$/, '')}/index.js`;
  return undefined;
}

const unresolved = [];
let rewritten = 0;
for (const file of declarationFiles(root)) {
  const text = readFileSync(file, 'utf8');
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, false, ts.ScriptKind.TS);
  // From the last to the first, so that earlier positions stay valid.
  const literals = moduleSpecifiers(source).sort((a, b) => b.getStart(source) - a.getStart(source));
  let next = text;
  for (const literal of literals) {
    const specifier = withExtension(file, literal.text);
    if (specifier === undefined) {
      unresolved.push(`${relative(process.cwd(), file)}: '${literal.text}'`);
      continue;
    }
    if (specifier === literal.text) continue;
    const start = literal.getStart(source) + 1; // inside the quotes
    next = next.slice(0, start) + specifier + next.slice(start + literal.text.length);
    rewritten++;
  }
  if (next !== text) writeFileSync(file, next);
}

if (unresolved.length > 0) {
  console.error(`Relative imports that name no declaration file:\n  ${unresolved.join('\n  ')}`);
  process.exit(1);
}
console.log(`Declaration imports: ${rewritten} relative specifiers given their file in ${relative('.', root)}/.`);
