// Checks the console's API types (src/shared/types.ts, monitorTypes.ts, citizenTypes.ts, alertTypes.ts and webhookTypes.ts) against the server's OpenAPI 3.1 document (STYLE rule 12).
// Usage: npm run check:openapi -- [URL or file]   (default http://127.0.0.1:8080/api/openapi.json)
// For every exported interface whose name matches a schema in components.schemas (case-insensitive, "Me" also
// matches "MeResponse" etc.), every property of the schema must exist on the interface, and every property of
// the interface must exist in the schema. Exit status 1 on a difference, 2 when the document cannot be read.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const here = path.dirname(fileURLToPath(import.meta.url));
const source = process.argv[2] ?? 'http://127.0.0.1:8080/api/openapi.json';

async function loadDocument() {
  try {
    if (/^https?:/.test(source)) {
      const response = await fetch(source);
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      return await response.json();
    }
    return JSON.parse(readFileSync(source, 'utf8'));
  } catch (error) {
    console.error(`cannot read the OpenAPI document from ${source}: ${error.message}`);
    process.exit(2);
  }
}

/** Interface name → property names (own and inherited through `extends` within the file). */
function interfaces() {
  const own = new Map();
  const parents = new Map();
  for (const name of ['types.ts', 'monitorTypes.ts', 'citizenTypes.ts', 'alertTypes.ts', 'webhookTypes.ts']) {
    const file = path.join(here, '..', 'src', 'shared', name);
    const tree = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
    collect(tree, own, parents);
  }
  const all = (name) => [...(own.get(name) ?? []), ...(parents.get(name) ?? []).flatMap(all)];
  return new Map([...own.keys()].map((name) => [name, new Set(all(name))]));
}

function collect(tree, own, parents) {
  tree.forEachChild((node) => {
    if (!ts.isInterfaceDeclaration(node)) return;
    const name = node.name.text;
    own.set(name, node.members.filter(ts.isPropertySignature).map((member) => member.name.getText(tree)));
    parents.set(name, (node.heritageClauses ?? []).flatMap((clause) => clause.types.map((type) => type.expression.getText(tree))));
  });
}

function schemaProperties(schema, schemas, seen = new Set()) {
  if (!schema || typeof schema !== 'object') return new Set();
  if (schema.$ref) {
    const name = schema.$ref.split('/').pop();
    if (seen.has(name)) return new Set();
    seen.add(name);
    return schemaProperties(schemas[name], schemas, seen);
  }
  const names = new Set(Object.keys(schema.properties ?? {}));
  for (const part of [...(schema.allOf ?? [])]) for (const name of schemaProperties(part, schemas, seen)) names.add(name);
  return names;
}

const document = await loadDocument();
const schemas = document?.components?.schemas ?? {};
const byLowerName = new Map(Object.keys(schemas).map((name) => [name.toLowerCase().replace(/[_-]/g, ''), name]));
let differences = 0;
let checked = 0;
for (const [name, properties] of interfaces()) {
  const schemaName = byLowerName.get(name.toLowerCase()) ?? byLowerName.get(`${name.toLowerCase()}response`);
  if (!schemaName) continue;
  checked += 1;
  const expected = schemaProperties(schemas[schemaName], schemas);
  const missing = [...expected].filter((property) => !properties.has(property));
  const extra = [...properties].filter((property) => !expected.has(property));
  if (missing.length || extra.length) {
    differences += 1;
    console.log(`${name} ↔ ${schemaName}`);
    if (missing.length) console.log(`  in the schema, not in types.ts: ${missing.join(', ')}`);
    if (extra.length) console.log(`  in types.ts, not in the schema: ${extra.join(', ')}`);
  }
}
console.log(`${checked} types checked against ${source}; ${differences} with differences.`);
if (checked === 0) console.log(`schemas in the document: ${Object.keys(schemas).join(', ') || '(none)'}`);
process.exit(differences ? 1 : 0);
