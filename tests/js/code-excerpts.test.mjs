// The code walkthrough's excerpts: extracted from the C++ source by signature and brace
// counting (web/tools/extract-code.mjs), each non-empty, opening with its signature, closing
// its block, and equal to the source file's text at the recorded lines.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, existsSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { extractExcerpts, blockEnd, EXCERPTS, OUTPUT } from '../../web/tools/extract-code.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));

test('the extractor script writes every excerpt, matching the source at the recorded lines', () => {
  execFileSync(process.execPath, [join(root, 'web/tools/extract-code.mjs')], { stdio: 'pipe' });
  assert.ok(existsSync(OUTPUT), 'web/study/code-excerpts.generated.json was not written');
  const excerpts = JSON.parse(readFileSync(OUTPUT, 'utf8'));
  assert.deepEqual(excerpts.map((e) => e.id), EXCERPTS.map((e) => e.id));
  for (const [i, ex] of excerpts.entries()) {
    const spec = EXCERPTS[i];
    assert.equal(ex.file, spec.file);
    assert.ok(ex.code.trim().length > 0, `${ex.id} is empty`);
    assert.ok(ex.code.startsWith(spec.from), `${ex.id} starts with "${ex.code.slice(0, 40)}", not "${spec.from}"`);
    assert.ok(ex.startLine >= 1 && ex.endLine > ex.startLine, `${ex.id}: lines ${ex.startLine}-${ex.endLine}`);
    const lines = readFileSync(join(root, ex.file), 'utf8').split('\n');
    assert.equal(ex.code, lines.slice(ex.startLine - 1, ex.endLine).join('\n'), `${ex.id} differs from ${ex.file}:${ex.startLine}-${ex.endLine}`);
    assert.match(ex.code.trimEnd(), /\}\s*;?$/, `${ex.id} does not end with its closing brace`);
    // Balanced braces (outside comments and strings): the block really is complete.
    assert.equal(blockEnd(ex.code, ex.code.lastIndexOf(spec.through || spec.from)), ex.code.trimEnd().length, `${ex.id}: unbalanced`);
  }
});

test('the excerpts are what the walkthrough promises: the one training loop, the update rules, the sweep loop', () => {
  const byId = Object.fromEntries(extractExcerpts().map((e) => [e.id, e.code]));
  assert.match(byId.train, /for \(int t = 0; t < steps; \+\+t\)/);
  assert.match(byId.train, /policy->update\(params, grad, rate\)/);
  assert.match(byId['update-momentum'], /velocity_ = beta_ \* velocity_ \+ grad;/);
  assert.match(byId['update-adaptive'], /class AdamUpdate/);
  assert.match(byId['run-sweep'], /train\(\*objective, run, start\)/);
});

test('brace counting skips braces in comments, strings and character literals', () => {
  const code = 'int f() {\n  // }\n  const char* s = "}{";\n  char c = \'}\';\n  /* { */\n  if (x) { return 1; }\n}\nint g() {}';
  assert.equal(code.slice(0, blockEnd(code, 0)), code.slice(0, code.indexOf('\nint g')));
});

test('a missing signature is an error, not an empty excerpt', () => {
  assert.throws(() => extractExcerpts([{ id: 'x', file: 'cpp/lrlab/train.cpp', from: 'RunResult no_such_function(' }]), /not found/);
});
