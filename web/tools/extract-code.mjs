// Extracts the engine's real update step and sweep loop from cpp/ for the code walkthrough
// (web/modules/code-walkthrough.js), so the page shows the source as built, never a pasted
// copy. Each excerpt is found by its signature text and runs to the matching closing brace
// (brace counting that skips comments, strings and character literals) — no line numbers.
//
//   node web/tools/extract-code.mjs            writes web/study/code-excerpts.generated.json
//   import { writeExcerpts } from './extract-code.mjs'     (web/tools/bundle.mjs, before bundling)
//   import { extractExcerpts } from './extract-code.mjs'   (tests)
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const root = fileURLToPath(new URL('../..', import.meta.url));
export const OUTPUT = join(root, 'web/study/code-excerpts.generated.json');

/**
 * What to extract: `from` is the signature that opens the excerpt (matched at the start of
 * a line, after indentation); `through` (default: `from`) the signature of the block whose
 * closing brace ends it.
 */
export const EXCERPTS = [
  { id: 'train', title: 'The training loop: one step', file: 'cpp/lrlab/train.cpp', from: 'template <typename Evaluate, typename Update>', through: 'RunResult train(' },
  { id: 'update-momentum', title: 'Update policies: plain step and momentum', file: 'cpp/lrlab/optimizer.cpp', from: 'class PlainUpdate', through: 'class MomentumUpdate' },
  { id: 'update-adaptive', title: 'Update policies: RMSProp and Adam', file: 'cpp/lrlab/optimizer.cpp', from: 'class RmsPropUpdate', through: 'class AdamUpdate' },
  { id: 'run-sweep', title: 'The sweep loop', file: 'cpp/lrlab/sweep.cpp', from: 'Expected<SweepResult> run_sweep(' },
];

/** Offset of `signature` at the start of a line (after indentation), or -1. */
function findSignature(text, signature) {
  let at = 0;
  while ((at = text.indexOf(signature, at)) >= 0) {
    const lineStart = text.lastIndexOf('\n', at - 1) + 1;
    if (/^[ \t]*$/.test(text.slice(lineStart, at))) return at;
    at += signature.length;
  }
  return -1;
}

/** Offset just past the brace that closes the first block opened after `from`, or -1. */
export function blockEnd(text, from) {
  let depth = 0;
  let opened = false;
  for (let i = from; i < text.length; ++i) {
    const c = text[i];
    const next = text[i + 1];
    if (c === '/' && next === '/') { i = text.indexOf('\n', i); if (i < 0) return -1; continue; }
    if (c === '/' && next === '*') { i = text.indexOf('*/', i + 2); if (i < 0) return -1; i += 1; continue; }
    if (c === '"' || c === '\'') {
      for (++i; i < text.length && text[i] !== c; ++i) if (text[i] === '\\') ++i;
      continue;
    }
    if (c === '{') { depth += 1; opened = true; } else if (c === '}') {
      depth -= 1;
      if (opened && depth === 0) return text[i + 1] === ';' ? i + 2 : i + 1;
    }
  }
  return -1;
}

const lineOf = (text, offset) => text.slice(0, offset).split('\n').length;

/** The excerpts as {id, title, file, signature, startLine, endLine, code}; throws when a marker is missing. */
export function extractExcerpts(specs = EXCERPTS, base = root) {
  return specs.map((spec) => {
    const text = readFileSync(join(base, spec.file), 'utf8');
    const start = findSignature(text, spec.from);
    if (start < 0) throw new Error(`${spec.file}: signature '${spec.from}' not found`);
    const last = spec.through ? findSignature(text, spec.through) : start;
    if (last < 0) throw new Error(`${spec.file}: signature '${spec.through}' not found`);
    const end = blockEnd(text, last);
    if (end < 0) throw new Error(`${spec.file}: no closing brace after '${spec.through || spec.from}'`);
    const startLine = lineOf(text, start);
    const endLine = lineOf(text, end - 1);
    const code = text.split('\n').slice(startLine - 1, endLine).join('\n');
    return { id: spec.id, title: spec.title, file: spec.file, signature: spec.from, startLine, endLine, code };
  });
}

/** Extracts every excerpt and writes OUTPUT; returns the excerpts. Throws when a signature is missing. */
export function writeExcerpts(output = OUTPUT) {
  const excerpts = extractExcerpts();
  mkdirSync(dirname(output), { recursive: true });
  writeFileSync(output, JSON.stringify(excerpts, null, 1) + '\n');
  return excerpts;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const excerpts = writeExcerpts();
  console.log(`code excerpts: ${excerpts.map((e) => `${e.id} (${e.file}:${e.startLine}-${e.endLine})`).join(', ')}`);
}
