// Finds every `#graphql` document in the app's source, with where it is.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import ts from "typescript";

export interface FoundDocument {
  file: string;
  line: number;
  text: string;
  interpolated: boolean;
}

function* sourceFiles(dir: string): Generator<string> {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* sourceFiles(path);
    else if (/\.(ts|tsx)$/.test(name) && !/\.test\.tsx?$/.test(name)) yield path;
  }
}

export function findGraphqlDocuments(root: string, dirs: string[]): FoundDocument[] {
  const found: FoundDocument[] = [];
  for (const dir of dirs) {
    for (const file of sourceFiles(join(root, dir))) {
      const source = ts.createSourceFile(file, readFileSync(file, "utf8"), ts.ScriptTarget.Latest, true);
      const visit = (node: ts.Node) => {
        if (ts.isNoSubstitutionTemplateLiteral(node) || ts.isTemplateExpression(node)) {
          const text = ts.isNoSubstitutionTemplateLiteral(node) ? node.text : node.head.text;
          if (text.trimStart().startsWith("#graphql")) {
            found.push({
              file: relative(root, file),
              line: source.getLineAndCharacterOfPosition(node.getStart()).line + 1,
              text: ts.isNoSubstitutionTemplateLiteral(node) ? node.text : node.getText(),
              interpolated: ts.isTemplateExpression(node),
            });
          }
        }
        ts.forEachChild(node, visit);
      };
      visit(source);
    }
  }
  return found;
}
