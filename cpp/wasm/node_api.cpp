// Calls only the Node build of the module has (lrlab.node.cjs): schema(), the engine's
// settings schema as JSON. The build writes it to web/study/settings-schema.generated.json
// (web/tools/write-schema.mjs, through this call), and the browser's engine reads it from
// there (web/engine/engine.js): the page's module does not carry the schema writer and its
// texts (≈ 6.5 KB of the gzipped .wasm).
#include <emscripten/bind.h>

#include "api.hpp"

EMSCRIPTEN_BINDINGS(lrlab_node_only) {
  emscripten::function("schema", &lrlab::api::schema);
}
