import ts from 'typescript';
import { sealGlobalName, sealToken } from '../../net/checker.js';

/**
 * The code the grader adds to a lesson's cells so that its tests run with values taken before any student
 * code ran (see src/net/check-seal.ts for the kernel's side):
 * - after an instructor cell, a `seal()` call records the values of the names it declared that a later
 *   tests cell reads (its imports, its servers);
 * - around a tests cell, a block whose first line binds those names, and `check`, `test` and `hiddenTest`
 *   for this step, from the seal.
 */

/** What the grader reads off a cell's code to seal it. */
export interface CodeNames {
  /** Names the code declares at its top level as values: imports, variables, functions, classes, enums. */
  declared: string[];
  /** Names the code reads as values (not in type positions). */
  read: Set<string>;
  /** Names the code assigns to (`x = …`, `x++`): those cannot be bound to a sealed constant. */
  assigned: Set<string>;
}

/**
 * The names a cell declares, reads and assigns, from TypeScript's parser.
 *
 * @example
 * codeNames("import assert from 'node:assert/strict';\nconst echo = await listen();").declared; // ['assert', 'echo']
 */
export function codeNames(code: string): CodeNames {
  const file = ts.createSourceFile('cell.ts', code, ts.ScriptTarget.ES2022, true, ts.ScriptKind.TS);
  const declared: string[] = [];
  for (const statement of file.statements) declared.push(...topLevelValues(statement));
  const read = new Set<string>();
  const assigned = new Set<string>();
  const visit = (node: ts.Node): void => {
    if (ts.isTypeNode(node) || ts.isInterfaceDeclaration(node) || ts.isTypeAliasDeclaration(node) || ts.isImportDeclaration(node)) return;
    if (ts.isIdentifier(node) && isValueRead(node)) read.add(node.text);
    if (ts.isBinaryExpression(node) && isAssignment(node.operatorToken.kind) && ts.isIdentifier(node.left)) assigned.add(node.left.text);
    if ((ts.isPrefixUnaryExpression(node) || ts.isPostfixUnaryExpression(node)) && ts.isIdentifier(node.operand) &&
      (node.operator === ts.SyntaxKind.PlusPlusToken || node.operator === ts.SyntaxKind.MinusMinusToken)) {
      assigned.add(node.operand.text);
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return { declared, read, assigned };
}

/**
 * The line the grader appends to an instructor step: records `names` in the seal. Nothing when no name
 * needs sealing.
 *
 * @example
 * sealSuffix(key, ['assert', 'echo']); // "\ndeclare const socketbookSeal_…"
 */
export function sealSuffix(key: string, names: readonly string[]): string {
  if (names.length === 0) return '';
  const global = sealGlobalName(key);
  return `\ndeclare const ${global}: { seal(token: string, values: object): void };\n` +
    `${global}.seal('${sealToken(key)}', { ${names.map((name) => `${name}: ${name}`).join(', ')} });`;
}

/**
 * A tests step's code as the grader runs it: inside a block whose first statement binds `names` (each
 * with the type it had in the lesson) from the seal for the step `stepToken`; `check`, `test` and
 * `hiddenTest` among them are the checker's own for this step. The block keeps those bindings from
 * leaking into later cells.
 *
 * @example
 * sealedTests(key, 'tests code', ['assert', 'check', 'echo'], token);
 */
export function sealedTests(key: string, code: string, names: readonly string[], stepToken: string): string {
  if (names.length === 0) return code;
  const global = sealGlobalName(key);
  // Each binding gets an explicit type (TypeScript requires one for assertion functions such as
  // `assert.equal`): the type the name had before the block, through a type declared outside it.
  const type = `SocketbookStep_${stepToken.slice(0, 12)}`;
  const values = `socketbookStep_${stepToken.slice(0, 12)}`;
  return `declare const ${global}: { forStep(token: string): unknown };\n` +
    `type ${type} = { ${names.map((name) => `${name}: typeof ${name}`).join('; ')} };\n` +
    `{ const ${values} = ${global}.forStep('${stepToken}') as ${type};\n` +
    names.map((name) => `const ${name}: ${type}['${name}'] = ${values}.${name};\n`).join('') +
    `${code}\n}`;
}

function topLevelValues(statement: ts.Statement): string[] {
  if (hasDeclareModifier(statement)) return [];
  if (ts.isImportDeclaration(statement)) {
    const clause = statement.importClause;
    if (clause === undefined || clause.isTypeOnly) return [];
    const names = clause.name ? [clause.name.text] : [];
    const bindings = clause.namedBindings;
    if (bindings && ts.isNamespaceImport(bindings)) names.push(bindings.name.text);
    if (bindings && ts.isNamedImports(bindings)) {
      for (const element of bindings.elements) if (!element.isTypeOnly) names.push(element.name.text);
    }
    return names;
  }
  if (ts.isImportEqualsDeclaration(statement)) return statement.isTypeOnly ? [] : [statement.name.text];
  if (ts.isVariableStatement(statement)) return statement.declarationList.declarations.flatMap((declaration) => bindingNames(declaration.name));
  if ((ts.isFunctionDeclaration(statement) || ts.isClassDeclaration(statement) || ts.isEnumDeclaration(statement)) && statement.name) {
    return [statement.name.text];
  }
  return [];
}

function bindingNames(name: ts.BindingName): string[] {
  if (ts.isIdentifier(name)) return [name.text];
  return name.elements.flatMap((element) => (ts.isOmittedExpression(element) ? [] : bindingNames(element.name)));
}

function hasDeclareModifier(statement: ts.Statement): boolean {
  return ts.canHaveModifiers(statement) && (ts.getModifiers(statement) ?? []).some((modifier) => modifier.kind === ts.SyntaxKind.DeclareKeyword);
}

/** An identifier that stands for a value read here: not a property name, a declaration's own name or a label. */
function isValueRead(node: ts.Identifier): boolean {
  const parent = node.parent;
  if (ts.isPropertyAccessExpression(parent) && parent.name === node) return false;
  if (ts.isQualifiedName(parent)) return false;
  if ((ts.isPropertyAssignment(parent) || ts.isPropertyDeclaration(parent) || ts.isMethodDeclaration(parent) ||
    ts.isPropertySignature(parent) || ts.isGetAccessor(parent) || ts.isSetAccessor(parent) || ts.isEnumMember(parent)) && parent.name === node) return false;
  if ((ts.isVariableDeclaration(parent) || ts.isFunctionDeclaration(parent) || ts.isClassDeclaration(parent) || ts.isParameter(parent) ||
    ts.isFunctionExpression(parent) || ts.isClassExpression(parent) || ts.isBindingElement(parent)) && parent.name === node) return false;
  if (ts.isBindingElement(parent) && parent.propertyName === node) return false;
  if (ts.isLabeledStatement(parent) || ts.isBreakOrContinueStatement(parent)) return false;
  if (ts.isImportSpecifier(parent) || ts.isExportSpecifier(parent) || ts.isNamespaceImport(parent) || ts.isImportClause(parent)) return false;
  return true;
}

function isAssignment(kind: ts.SyntaxKind): boolean {
  return kind >= ts.SyntaxKind.FirstAssignment && kind <= ts.SyntaxKind.LastAssignment;
}

/** For each step of a plan (by index): the names an instructor step seals, the names a tests step binds. */
export interface SealPlan {
  seals: Map<number, string[]>;
  binds: Map<number, string[]>;
}

/**
 * Decides what to seal: each name a tests step reads that an earlier instructor step declared (its
 * imports, servers and helpers), unless the tests step declares or assigns it itself, or an answer cell
 * declares it (an exercise may ask the student to redefine it). `check`, `test` and `hiddenTest`, which
 * the lesson imports, come bound to this step's own (check-seal.ts).
 *
 * @example
 * const { seals, binds } = planSeals(plan.steps);
 */
export function planSeals(steps: ReadonlyArray<{ kind: 'setup' | 'answer' | 'tests'; code?: string; solution?: string }>): SealPlan {
  const fromAnswers = new Set(steps.flatMap((step) => (step.kind === 'answer' ? codeNames(step.solution ?? '').declared : [])));
  const declaredAt = new Map<string, number>();
  const seals = new Map<number, string[]>();
  const binds = new Map<number, string[]>();
  steps.forEach((step, index) => {
    if (step.kind === 'answer') return;
    const names = codeNames(step.code ?? '');
    if (step.kind === 'setup') {
      for (const name of names.declared) if (!fromAnswers.has(name)) declaredAt.set(name, index);
      // A variable an instructor cell assigns (`server = await listen(…)`) is sealed again after it.
      for (const name of names.assigned) if (declaredAt.has(name)) declaredAt.set(name, index);
      return;
    }
    const own = new Set(names.declared);
    const usable = [...names.read].filter((name) => !own.has(name) && !names.assigned.has(name) && declaredAt.has(name));
    if (usable.length === 0) return;
    binds.set(index, usable);
    for (const name of usable) {
      const at = declaredAt.get(name)!;
      const sealed = seals.get(at) ?? [];
      if (!sealed.includes(name)) sealed.push(name);
      seals.set(at, sealed);
    }
  });
  return { seals, binds };
}
