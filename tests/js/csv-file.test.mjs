// A CSV file's bytes → text (web/labs/csv-file.js), checked against Node's own encoders and
// the real engine: UTF-16 files (with or without a BOM) load with the same data as their
// UTF-8 copy; a UTF-8 BOM is dropped; a Windows-1252 file keeps its accents; a broken
// UTF-16 file gets a message saying how to save it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeCsvBytes } from '../../web/labs/csv-file.js';
import { loadEngine } from '../../web/engine/engine.js';

const engine = await loadEngine();
const text = 'größe,Alter,price\n1.5,2,3\n4,5,6.25\n7,8,9\n';

const utf16le = (s, bom = true) => Buffer.concat([Buffer.from(bom ? [0xFF, 0xFE] : []), Buffer.from(s, 'utf16le')]);
const utf16be = (s, bom = true) => {
  const le = Buffer.from(s, 'utf16le');
  const be = Buffer.alloc(le.length);
  for (let i = 0; i < le.length; i += 2) { be[i] = le[i + 1]; be[i + 1] = le[i]; }
  return Buffer.concat([Buffer.from(bom ? [0xFE, 0xFF] : []), be]);
};

async function loaded(csv) {
  const result = await engine.loadCsv(csv);
  assert.equal(result.ok, true, result.error);
  const data = await engine.getData({ dataset: result.value.id });
  await engine.forgetDataset(result.value.id);
  return { names: result.value.feature_names, target: result.value.target_name, X: [...data.value.X_raw], y: [...data.value.y] };
}

test('UTF-16 LE and BE files, with or without a BOM, decode to the text and load the same data as UTF-8', async () => {
  const expected = await loaded(text);
  for (const [name, bytes] of [['le', utf16le(text)], ['be', utf16be(text)], ['le, no BOM', utf16le(text, false)], ['be, no BOM', utf16be(text, false)]]) {
    const decoded = decodeCsvBytes(bytes);
    assert.equal(decoded.ok, true, `${name}: ${decoded.error}`);
    assert.equal(decoded.text, text, name);
    assert.deepEqual(await loaded(decoded.text), expected, name);
  }
});

test('a UTF-8 BOM is dropped and plain UTF-8 is read as it is', () => {
  assert.equal(decodeCsvBytes(Buffer.concat([Buffer.from([0xEF, 0xBB, 0xBF]), Buffer.from(text)])).text, text);
  assert.equal(decodeCsvBytes(Buffer.from(text)).text, text);
});

test('a Windows-1252 file keeps its accented names instead of U+FFFD', () => {
  const bytes = Buffer.from(text, 'latin1');
  assert.notEqual(new TextDecoder().decode(bytes), text, 'not valid UTF-8');
  const decoded = decodeCsvBytes(bytes);
  assert.equal(decoded.text, text);
  assert.ok(!decoded.text.includes('\uFFFD'));
});

test('a UTF-16 file cut in the middle of a character gets a message saying how to save it', () => {
  const decoded = decodeCsvBytes(Buffer.concat([utf16le(text), Buffer.from([0x41])]));
  assert.equal(decoded.ok, false);
  assert.match(decoded.error, /UTF-16LE.*save it as 'CSV UTF-8'/);
});
