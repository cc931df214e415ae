// The README's embedding table is generated from the sections (the engine's schema): it must
// be what web/tools/embed-docs.mjs writes today, so a new setting cannot go undocumented.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { withTable, attributeTable, CONFIGURABLE } from '../../web/tools/embed-docs.mjs';
import { schemaOf } from '../../web/state.js';

const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');

test('README.md\'s embedding attribute table is the one generated from the settings sections', () => {
  assert.equal(readme, withTable(readme), 'run: node web/tools/embed-docs.mjs --write');
});

test('the table has one row per setting of every configurable element', () => {
  const table = attributeTable();
  for (const [element, section] of CONFIGURABLE) {
    assert.ok(table.includes(`<${element}>`), element);
    for (const key of Object.keys(schemaOf(section))) assert.match(table, new RegExp(`\\| \`${key}\``), `${element} ${key}`);
  }
});
