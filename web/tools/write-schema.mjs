// Writes the engine's settings schema (cpp/lrlab/schema.hpp, read through the Node build of
// the WASM module) to web/study/settings-schema.generated.json, beside the code excerpts:
// web/state.js builds every lab's settings from it, so a setting is described once, in C++.
//
//   node web/tools/write-schema.mjs          (web/tools/bundle.mjs runs it before bundling)
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { loadEngine } from '../engine/engine.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
export const SCHEMA_OUTPUT = join(root, 'web/study/settings-schema.generated.json');

/** Writes the schema file; returns the schema. */
export async function writeSchema() {
  const engine = await loadEngine();
  writeFileSync(SCHEMA_OUTPUT, `${JSON.stringify(engine.schema, null, 1)}\n`);
  return engine.schema;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  await writeSchema();
  console.log(`wrote ${SCHEMA_OUTPUT}`);
}
