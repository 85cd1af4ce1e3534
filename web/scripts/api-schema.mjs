// Generates web/src/api/schema.gen.ts, the TypeScript types of the server's OpenAPI document
// (../openapi.json, committed at the repository root), with openapi-typescript.
//
//   node scripts/api-schema.mjs           write the file            (npm run gen:api)
//   node scripts/api-schema.mjs --check   fail when it is stale     (npm run check:api, part of npm run build)
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import openapiTS, { astToString } from "openapi-typescript";

const web = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const documentPath = resolve(web, "..", "openapi.json");
const outputPath = join(web, "src", "api", "schema.gen.ts");
const check = process.argv.includes("--check");

const HEADER = `// GENERATED FILE: do not edit. The types of the server's OpenAPI document (openapi.json at the
// repository root), made by openapi-typescript. Regenerate with \`npm run gen:api\` in web/
// after the document changes; \`npm run build\` fails while this file is stale.

`;

function fail(message) {
  console.error(message);
  process.exit(1);
}

if (!existsSync(documentPath)) {
  fail(`${documentPath} not found: the web app's API types are generated from the server's OpenAPI document at the repository root`);
}

let types;
try {
  const document = JSON.parse(readFileSync(documentPath, "utf8"));
  // emptyObjectsUnknown: a free-form object of the document (`"type": "object"` without
  // properties) is Record<string, unknown>, not Record<string, never>. defaultNonNullable off:
  // a field with a default may be left out of a request (the server fills it in).
  const ast = await openapiTS(document, { emptyObjectsUnknown: true, defaultNonNullable: false, silent: true });
  types = HEADER + astToString(ast);
} catch (e) {
  fail(`cannot generate the API types from ${documentPath}: ${e instanceof Error ? e.message : e}`);
}

if (!check) {
  writeFileSync(outputPath, types);
  console.log(`wrote web/src/api/schema.gen.ts from openapi.json`);
} else {
  const committed = existsSync(outputPath) ? readFileSync(outputPath, "utf8").replace(/\r\n/g, "\n") : null;
  if (committed !== types) {
    let detail = "it does not exist";
    if (committed !== null) {
      const a = committed.split("\n");
      const b = types.split("\n");
      let i = 0;
      while (i < a.length && i < b.length && a[i] === b[i]) i++;
      detail = `first difference at line ${i + 1}:\n  committed: ${a[i] ?? "(end of file)"}\n  generated: ${b[i] ?? "(end of file)"}`;
    }
    fail(`web/src/api/schema.gen.ts is stale: run \`npm run gen:api\` in web/\n(it differs from what openapi.json generates; ${detail})`);
  }
  console.log("web/src/api/schema.gen.ts is up to date with openapi.json");
}
