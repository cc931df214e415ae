// The settings schema and the URL hash (web/state.js), in Node: state.js touches `location`,
// `window` and `history` only inside bindUrl(), so its pure functions import and run here.
// The sections below are the tests' own (t1, t2); no lab module is loaded.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  defineSection, schemaOf, defaultsOf, checkValue, SettingsStore, parseHash, formatHash, MAX_PROBLEM_LENGTH,
} from '../../web/state.js';

const T1 = {
  mode: { type: 'enum', label: 'Mode', default: 'plain', choices: [['plain', 'plain'], ['fancy', 'fancy'], ['a&b = c/d', 'odd characters']] },
  count: { type: 'int', label: 'Count', default: 9, min: 2, max: 25 },
  rate: { type: 'number', label: 'Rate', default: 1e-4, min: 1e-7, max: 10, log: true },
  flag: { type: 'bool', label: 'Flag', default: true },
};
const T2 = {
  size: { type: 'int', label: 'Size', default: 0, min: 0, max: 100000 },
};
defineSection('t1', T1);
defineSection('t2', T2);

// ---- defineSection ------------------------------------------------------------------

test('defineSection keeps the first declaration of a name and returns it', () => {
  const again = defineSection('t1', { other: { type: 'bool', label: 'Other', default: false } });
  assert.equal(again, T1);
  assert.equal(schemaOf('t1'), T1);
  assert.deepEqual(defaultsOf('t1'), { mode: 'plain', count: 9, rate: 1e-4, flag: true });
});

// ---- checkValue ---------------------------------------------------------------------

test('checkValue: an enum accepts exactly its choices and names them when it refuses', () => {
  assert.deepEqual(checkValue(T1.mode, 'fancy'), { value: 'fancy' });
  assert.deepEqual(checkValue(T1.mode, 'a&b = c/d'), { value: 'a&b = c/d' });
  const refused = checkValue(T1.mode, 'Fancy');
  assert.ok(refused.error, 'enum values are case-sensitive');
  assert.match(refused.error, /'Fancy' is not one of plain, fancy, a&b = c\/d/);
  assert.ok(checkValue(T1.mode, '').error);
});

test('checkValue: an int accepts whole numbers inside [min, max], from numbers or URL text', () => {
  assert.deepEqual(checkValue(T1.count, 2), { value: 2 });
  assert.deepEqual(checkValue(T1.count, '25'), { value: 25 });
  assert.deepEqual(checkValue(T1.count, ' 7 '), { value: 7 });
  assert.deepEqual(checkValue(T1.count, '1e1'), { value: 10 });
});

test('checkValue: an int refuses fractions ("not a whole number"), text, blanks and values outside its range', () => {
  assert.match(checkValue(T1.count, '2.5').error, /'2\.5' is not a whole number/);
  assert.match(checkValue(T1.count, 3.000001).error, /not a whole number/);
  assert.match(checkValue(T1.count, 'nine').error, /'nine' is not a number/);
  assert.match(checkValue(T1.count, '').error, /is not a number/);
  assert.match(checkValue(T1.count, '   ').error, /is not a number/);
  assert.match(checkValue(T1.count, 1).error, /1 is outside 2 … 25/);
  assert.match(checkValue(T1.count, '26').error, /26 is outside 2 … 25/);
});

test('checkValue: a number accepts its range ends and scientific notation, refuses NaN, ±Infinity and values outside', () => {
  assert.deepEqual(checkValue(T1.rate, 1e-7), { value: 1e-7 });
  assert.deepEqual(checkValue(T1.rate, '10'), { value: 10 });
  assert.deepEqual(checkValue(T1.rate, '3e-4'), { value: 3e-4 });
  assert.deepEqual(checkValue(T1.rate, '0.5'), { value: 0.5 }, 'a number field takes fractions');
  for (const bad of [NaN, Infinity, -Infinity, 'NaN', 'Infinity', 'fast', '']) {
    assert.ok(checkValue(T1.rate, bad).error, `${String(bad)} is refused`);
  }
  assert.match(checkValue(T1.rate, 0).error, /0 is outside 1e-7 … 10/);
  assert.match(checkValue(T1.rate, '-5').error, /-5 is outside/);
  assert.match(checkValue(T1.rate, 10.5).error, /10\.5 is outside/);
});

test('checkValue: a bool accepts true/false and 1/0 (booleans or text), nothing else', () => {
  for (const yes of [true, 'true', '1']) assert.deepEqual(checkValue(T1.flag, yes), { value: true });
  for (const no of [false, 'false', '0']) assert.deepEqual(checkValue(T1.flag, no), { value: false });
  for (const bad of ['yes', 'TRUE', '', 2, 1]) {
    assert.match(checkValue(T1.flag, bad).error, /is not true or false/, `${JSON.stringify(bad)} is refused`);
  }
});

test('checkValue: a field of an unknown type is refused', () => {
  assert.deepEqual(checkValue({ type: 'date', label: 'When', default: '' }, 'today'), { error: 'unknown field type' });
});

// ---- SettingsStore ------------------------------------------------------------------

test('SettingsStore.get gives the defaults until something is set', () => {
  const store = new SettingsStore();
  assert.deepEqual(store.get('t1'), defaultsOf('t1'));
  assert.deepEqual(store.set('t1', { count: 5 }), []);
  assert.deepEqual(store.get('t1'), { ...defaultsOf('t1'), count: 5 });
  assert.deepEqual(store.get('t2'), { size: 0 }, 'another section is untouched');
});

test('SettingsStore.set applies the valid values, skips the invalid ones and returns their messages', () => {
  const store = new SettingsStore();
  const problems = store.set('t1', { count: 3, rate: -1, mode: 'nope', flag: false, bogus: 1 });
  assert.deepEqual(store.get('t1'), { mode: 'plain', count: 3, rate: 1e-4, flag: false });
  assert.equal(problems.length, 3);
  assert.ok(problems.some((p) => p.startsWith('Rate: ') && p.includes('-1 is outside')), problems.join(' | '));
  assert.ok(problems.some((p) => p.startsWith('Mode: ') && p.includes("'nope'")), problems.join(' | '));
  assert.ok(problems.includes('unknown setting t1.bogus'), problems.join(' | '));
  assert.deepEqual(store.set('nosuch', { x: 1 }), ['unknown setting nosuch.x'], 'an unknown section is refused by name');
});

test('SettingsStore.set converts URL-style text to typed values', () => {
  const store = new SettingsStore();
  assert.deepEqual(store.set('t1', { count: '12', rate: '0.003', flag: '0' }), []);
  const values = store.get('t1');
  assert.equal(values.count, 12);
  assert.equal(values.rate, 0.003);
  assert.equal(values.flag, false);
});

test('SettingsStore.subscribe: called with the section\'s values and only the keys that changed; silent sets and other sections do not call it', () => {
  const store = new SettingsStore();
  const calls = [];
  const unsubscribe = store.subscribe('t1', (values, keys) => calls.push({ values, keys }));
  store.set('t1', { count: 4, rate: 1e-4 });          // rate equals its default: not a change
  assert.deepEqual(calls, [{ values: { ...defaultsOf('t1'), count: 4 }, keys: ['count'] }]);
  store.set('t1', { count: 4 });                      // same value again: no event
  store.set('t1', { count: 'x' });                    // invalid: nothing changes, no event
  store.set('t2', { size: 7 });                       // another section
  store.set('t1', { count: 6 }, { silent: true });    // applied without an event
  assert.equal(calls.length, 1);
  assert.equal(store.get('t1').count, 6);
  unsubscribe();
  store.set('t1', { count: 8 });
  assert.equal(calls.length, 1, 'no call after unsubscribing');
});

test('SettingsStore.replaceAll sets what it is given, resets every other value to its default, and reports each changed section once', () => {
  const store = new SettingsStore();
  store.set('t1', { count: 5, flag: false });
  store.set('t2', { size: 3 });
  const seen = [];
  store.addEventListener('change', (event) => seen.push(event.detail));
  store.replaceAll(new Map([['t1', { mode: 'fancy', count: 5 }]]));
  assert.deepEqual(store.get('t1'), { mode: 'fancy', count: 5, rate: 1e-4, flag: true });
  assert.deepEqual(store.get('t2'), { size: 0 });
  assert.deepEqual(seen, [{ section: 't1', keys: ['mode', 'flag'] }, { section: 't2', keys: ['size'] }]);
  seen.length = 0;
  store.replaceAll(new Map([['t1', { mode: 'fancy', count: 5 }]]));
  assert.deepEqual(seen, [], 'replacing with the same values emits nothing');
});

// ---- formatHash / parseHash ---------------------------------------------------------

test('formatHash omits values equal to their defaults (a fresh store gives an empty hash)', () => {
  const store = new SettingsStore();
  assert.equal(formatHash(store), '');
  store.set('t1', { count: 9, rate: 1e-4, flag: true, mode: 'plain' });   // all defaults, set explicitly
  assert.equal(formatHash(store), '');
  store.set('t1', { count: 10 });
  assert.equal(formatHash(store), 't1.count=10');
});

test('formatHash writes section.key=value in schema order, booleans as 1/0, text percent-encoded', () => {
  const store = new SettingsStore();
  store.set('t2', { size: 32 });
  store.set('t1', { flag: false, mode: 'a&b = c/d', rate: 3e-7 });
  assert.equal(formatHash(store), `t1.mode=${encodeURIComponent('a&b = c/d')}&t1.rate=3e-7&t1.flag=0&t2.size=32`);
});

test('round trip: formatHash → parseHash → replaceAll reproduces every value exactly', () => {
  const cases = [
    { t1: { mode: 'fancy', count: 25, rate: 1e-7, flag: false }, t2: { size: 100000 } },
    { t1: { mode: 'a&b = c/d', count: 2, rate: 0.1 + 0.2, flag: true }, t2: { size: 1 } },
    { t1: { mode: 'plain', count: 9, rate: 10, flag: true }, t2: { size: 0 } },
    { t1: { mode: 'plain', count: 13, rate: 1 / 3, flag: true }, t2: { size: 0 } },
  ];
  for (const expected of cases) {
    const source = new SettingsStore();
    for (const [section, values] of Object.entries(expected)) assert.deepEqual(source.set(section, values), []);
    const hash = formatHash(source);
    const { values, problems } = parseHash(`#${hash}`);
    assert.deepEqual(problems, [], hash);
    const target = new SettingsStore();
    target.set('t1', { count: 20 });      // stale state the link must overwrite
    target.replaceAll(values);
    assert.deepEqual({ t1: target.get('t1'), t2: target.get('t2') }, expected, hash);
    assert.equal(formatHash(target), hash, 'formatting again gives the same hash');
  }
});

test('parseHash reads typed values with or without the leading #, and an empty hash gives nothing', () => {
  const { values, problems } = parseHash('#t1.mode=fancy&t1.count=12&t1.rate=0.003&t1.flag=0&t2.size=64');
  assert.deepEqual(problems, []);
  assert.deepEqual(Object.fromEntries(values), { t1: { mode: 'fancy', count: 12, rate: 0.003, flag: false }, t2: { size: 64 } });
  assert.deepEqual(Object.fromEntries(parseHash('t1.count=12').values), { t1: { count: 12 } });
  for (const empty of ['', '#', null, undefined]) {
    const out = parseHash(empty);
    assert.equal(out.values.size, 0);
    assert.deepEqual(out.problems, []);
  }
});

test('parseHash skips junk and reports each piece in problems, keeping the valid part', () => {
  const { values, problems } = parseHash('#t1.mode=banana&t1.count=2.5&t1.rate=-5&nonsense=1&t1.bogus=3&t9.count=4&t1.count=7&t1.flag=yes');
  assert.deepEqual(Object.fromEntries(values), { t1: { count: 7 } }, 'only the valid t1.count=7 is kept');
  assert.equal(problems.length, 7, problems.join(' | '));
  const has = (fragment) => assert.ok(problems.some((p) => p.includes(fragment)), `a problem mentions ${fragment}: ${problems.join(' | ')}`);
  has("t1.mode: 'banana' is not one of");
  has('t1.count: ');
  has('not a whole number');
  has('t1.rate: -5 is outside');
  has("'nonsense' is not a setting");
  has("'t1.bogus' is not a setting");
  has("'t9.count' is not a setting");
  has('t1.flag: ');
});

test('parseHash cuts long junk names to 40 characters in its messages', () => {
  const long = 'x'.repeat(500);
  const { problems } = parseHash(`#${long}=1`);
  assert.equal(problems.length, 1);
  assert.ok(problems[0].length < 80, problems[0]);
});

test('parseHash ignores an in-page anchor (#sweep-lab, #practice) without a problem', () => {
  for (const anchor of ['#sweep-lab', '#practice', '#range-test', '#t']) {
    const { values, problems } = parseHash(anchor);
    assert.equal(values.size, 0, anchor);
    assert.deepEqual(problems, [], anchor);
  }
  // An anchor-like word with a value, or a known section's key, is not an anchor.
  assert.equal(parseHash('#practice=1').problems.length, 1);
  assert.equal(parseHash('#t1.count').problems.length, 1, 'a setting without a value is reported');
});

test('parseHash reports bad percent-encoding as unreadable and keeps reading the rest', () => {
  const { values, problems } = parseHash('#t1.mode=%E0%A4%A&t1.count=%ZZ&t1.rate=%33e-4&t2.size=%31%30');
  assert.deepEqual(Object.fromEntries(values), { t1: { rate: 3e-4 }, t2: { size: 10 } });
  assert.equal(problems.length, 2, problems.join(' | '));
  assert.ok(problems.every((p) => p.endsWith('is not readable')), problems.join(' | '));
  assert.ok(problems[0].includes('t1.mode=%E0%A4%A'));
});

test('parseHash decodes percent-encoded names and values (what formatHash writes)', () => {
  const { values, problems } = parseHash(`#t1%2Emode=${encodeURIComponent('a&b = c/d')}`);
  assert.deepEqual(problems, []);
  assert.deepEqual(values.get('t1'), { mode: 'a&b = c/d' });
});

test('parseHash and SettingsStore.set treat Object.prototype names (__proto__, constructor, toString) as unknown settings', () => {
  for (const key of ['__proto__', 'constructor', 'toString', 'hasOwnProperty']) {
    const { values, problems } = parseHash(`#t1.${key}=1&t1.count=7`);
    assert.deepEqual(Object.fromEntries(values), { t1: { count: 7 } }, key);
    assert.deepEqual(problems, [`'t1.${key}' is not a setting`], key);
    const store = new SettingsStore();
    assert.deepEqual(store.set('t1', JSON.parse(`{"${key}": 1}`)), [`unknown setting t1.${key}`], key);
    assert.deepEqual(store.get('t1'), defaultsOf('t1'), key);
  }
});

test('parseHash keeps each problem short whatever the link carried (a 100 KB value gives one short line)', () => {
  const huge = 'z'.repeat(100000);
  const { problems } = parseHash(`#t1.mode=${huge}&t1.count=${'9'.repeat(100000)}`);
  assert.equal(problems.length, 2);
  for (const problem of problems) assert.ok([...problem].length <= MAX_PROBLEM_LENGTH, `${problem.length}`);
  assert.ok(problems[0].startsWith("t1.mode: 'zzz"), problems[0]);
});
