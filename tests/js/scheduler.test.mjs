// The flash cards' SM-2 scheduler and the saved progress. Every expected value below is
// worked out by hand in the comment next to it, from the formulas in web/study/scheduler.js:
//   ease' = ease + (0.1 − (5 − q)(0.08 + (5 − q)·0.02)), floor 1.3, q: again 1, hard 3, good 4, easy 5
//     again: 5−q = 4 → 0.1 − 4·(0.08 + 0.08) = 0.1 − 0.64 = −0.54
//     hard:  5−q = 2 → 0.1 − 2·(0.08 + 0.04) = 0.1 − 0.24 = −0.14
//     good:  5−q = 1 → 0.1 − 1·(0.08 + 0.02) = 0
//     easy:  5−q = 0 → +0.1
//   intervals after successes in a row: the first two by grade (hard ½ and 4 days, good 1 and 6 —
//   SM-2's —, easy 3 and 8), then round(previous × ease') (× 1.3 for easy)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { grade, isDue, dueCount, newState, nextEase, describeDue, DAY_MS, RELEARN_MS, MIN_EASE } from '../../web/study/scheduler.js';
import { load, save, update, emptyProgress, KEY, VERSION, NOTICES, loadScore, saveScore, emptyScore, DRILL_KEY, DRILL_NOTICES } from '../../web/study/storage.js';

const T0 = Date.UTC(2026, 0, 1, 9, 0, 0);

/** Grades a new card with each grade in turn, one review at each due time; returns every state. */
function run(grades, start = T0) {
  const states = [];
  let state = null;
  let now = start;
  for (const g of grades) {
    state = grade(state, g, now);
    states.push(state);
    now = state.due;  // review exactly when due
  }
  return states;
}

const pick = (states, key) => states.map((s) => s[key]);

test('good, good, good: intervals 1, 6, 15 days and the ease stays 2.5', () => {
  const states = run(['good', 'good', 'good']);
  // 1st success → 1 day; 2nd → 6 days; 3rd → round(6 × 2.5) = round(15) = 15
  assert.deepEqual(pick(states, 'interval'), [1, 6, 15]);
  assert.deepEqual(pick(states, 'ease'), [2.5, 2.5, 2.5]);
  assert.deepEqual(pick(states, 'repetitions'), [1, 2, 3]);
  // due = review time + interval days: T0+1d, then (T0+1d)+6d = T0+7d, then T0+7d+15d = T0+22d
  assert.deepEqual(pick(states, 'due'), [T0 + DAY_MS, T0 + 7 * DAY_MS, T0 + 22 * DAY_MS]);
  // a 4th good: round(15 × 2.5) = round(37.5) = 38
  assert.equal(grade(states[2], 'good', states[2].due).interval, 38);
});

test('hard lowers the ease by 0.14 each time and shortens the third interval', () => {
  const states = run(['hard', 'hard', 'hard', 'hard']);
  // 2.5 − 0.14 = 2.36; 2.36 − 0.14 = 2.22; 2.22 − 0.14 = 2.08; 2.08 − 0.14 = 1.94
  assert.deepEqual(pick(states, 'ease'), [2.36, 2.22, 2.08, 1.94]);
  // ½, 4, round(4 × 2.08) = round(8.32) = 8, round(8 × 1.94) = round(15.52) = 16
  assert.deepEqual(pick(states, 'interval'), [0.5, 4, 8, 16]);
  assert.deepEqual(pick(states, 'lapses'), [0, 0, 0, 0]);  // hard is a pass (q = 3), not a lapse
});

test('easy raises the ease by 0.1 and adds the ×1.3 bonus from the third review', () => {
  const states = run(['easy', 'easy', 'easy']);
  // 2.5 + 0.1 = 2.6; 2.7; 2.8
  assert.deepEqual(pick(states, 'ease'), [2.6, 2.7, 2.8]);
  // 3, 8, round(8 × 2.8 × 1.3) = round(29.12) = 29
  assert.deepEqual(pick(states, 'interval'), [3, 8, 29]);
});

test('again resets repetitions and interval, counts a lapse and comes back in 10 minutes', () => {
  const [, , failed] = run(['good', 'good', 'again']);
  // the third review happens at T0 + 7 days; ease 2.5 − 0.54 = 1.96
  assert.deepEqual(failed, { ease: 1.96, interval: 0, repetitions: 0, due: T0 + 7 * DAY_MS + RELEARN_MS, lapses: 1 });
  assert.equal(isDue(failed, T0 + 7 * DAY_MS + RELEARN_MS - 1), false);
  assert.equal(isDue(failed, T0 + 7 * DAY_MS + RELEARN_MS), true);
  // relearned: starts over at 1 day, then 6, then round(6 × 1.96) = round(11.76) = 12
  const after = [];
  let state = failed;
  for (const g of ['good', 'good', 'good']) { state = grade(state, g, state.due); after.push(state); }
  assert.deepEqual(pick(after, 'interval'), [1, 6, 12]);
  assert.deepEqual(pick(after, 'lapses'), [1, 1, 1]);
});

test('repeated again reaches the ease floor 1.3 and stays there', () => {
  const states = run(['again', 'again', 'again', 'again']);
  // 2.5 − 0.54 = 1.96; 1.96 − 0.54 = 1.42; 1.42 − 0.54 = 0.88 → floor 1.3; stays 1.3
  assert.deepEqual(pick(states, 'ease'), [1.96, 1.42, 1.3, 1.3]);
  assert.deepEqual(pick(states, 'lapses'), [1, 2, 3, 4]);
  assert.deepEqual(pick(states, 'interval'), [0, 0, 0, 0]);
  assert.equal(MIN_EASE, 1.3);
  // hard at the floor: 1.3 − 0.14 = 1.16 → 1.3
  assert.equal(nextEase(1.3, 3), 1.3);
});

test('a mixed sequence: good, hard, easy, good', () => {
  const states = run(['good', 'hard', 'easy', 'good']);
  // ease: 2.5 → 2.5 (good) → 2.36 (hard) → 2.46 (easy) → 2.46 (good)
  assert.deepEqual(pick(states, 'ease'), [2.5, 2.36, 2.46, 2.46]);
  // interval: 1 (good) → 4 (hard's second) → round(4 × 2.46 × 1.3) = round(12.792) = 13 → round(13 × 2.46) = round(31.98) = 32
  assert.deepEqual(pick(states, 'interval'), [1, 4, 13, 32]);
});

test('on a new card the three passing grades come back at three different times', () => {
  const when = ['hard', 'good', 'easy'].map((g) => describeDue(grade(null, g, T0), T0));
  assert.deepEqual(when, ['in 12 h', 'tomorrow', 'in 3 days']);
});

test('grade does not modify its input, and rejects unknown grades', () => {
  const state = newState();
  const copy = { ...state };
  grade(state, 'good', T0);
  assert.deepEqual(state, copy);
  assert.throws(() => grade(state, 'perfect', T0), RangeError);
});

test('isDue and dueCount: new cards are due, graded cards are not until their time', () => {
  assert.equal(isDue(undefined, T0), true);
  assert.equal(isDue(newState(), T0), true);
  const good = grade(null, 'good', T0);
  assert.equal(isDue(good, T0), false);
  assert.equal(isDue(good, T0 + DAY_MS), true);
  // three new, one graded good, one failed (due in 10 min)
  const states = [undefined, undefined, newState(), good, grade(null, 'again', T0)];
  assert.equal(dueCount(states, T0), 3);
  assert.equal(dueCount(states, T0 + RELEARN_MS), 4);
  assert.equal(dueCount(states, T0 + DAY_MS), 5);
  assert.equal(dueCount({ a: good, b: newState() }, T0), 1);
  assert.equal(dueCount({}, T0), 0);
  assert.equal(describeDue(good, T0), 'tomorrow');
  assert.equal(describeDue(grade(null, 'again', T0), T0), 'in 10 min');
});

// ---------------------------------------------------------------- storage

/** A Storage stand-in over a Map. */
function memoryStorage(initial = {}) {
  const map = new Map(Object.entries(initial));
  return {
    getItem: (k) => (map.has(k) ? map.get(k) : null),
    setItem: (k, v) => { map.set(k, String(v)); },
    removeItem: (k) => { map.delete(k); },
    map,
  };
}

const throwing = {
  getItem() { throw new Error('SecurityError: access denied'); },
  setItem() { throw new Error('QuotaExceededError'); },
};

test('progress round-trips through storage', () => {
  const storage = memoryStorage();
  assert.deepEqual(load(storage), { progress: emptyProgress(), notice: null });
  const progress = emptyProgress();
  progress.cards.c1 = grade(null, 'good', T0);
  progress.coverage['feature-scaling'] = T0;
  assert.deepEqual(save(storage, progress), { ok: true, notice: null });
  assert.equal(JSON.parse(storage.map.get(KEY)).version, VERSION);
  assert.deepEqual(load(storage), { progress, notice: null });
});

test('corrupt JSON resets to empty progress with a notice', () => {
  const { progress, notice } = load(memoryStorage({ [KEY]: '{"version": 2, "cards": {' }));
  assert.deepEqual(progress, emptyProgress());
  assert.equal(notice, 'Your saved progress could not be read and was reset.');
});

test('an older version resets with a notice', () => {
  const old = { version: 1, cards: { c1: { ease: 2.5, interval: 1, repetitions: 1, due: T0, lapses: 0 } } };
  const { progress, notice } = load(memoryStorage({ [KEY]: JSON.stringify(old) }));
  assert.deepEqual(progress, emptyProgress());
  assert.equal(notice, NOTICES.old);
  assert.match(notice, /reset/);
});

test('the wrong shape resets with a notice', () => {
  for (const junk of ['[]', '42', '"text"', 'null', '{}', '{"version":"2","cards":{},"coverage":{}}']) {
    const { progress, notice } = load(memoryStorage({ [KEY]: junk }));
    assert.deepEqual(progress, emptyProgress(), junk);
    assert.equal(notice, NOTICES.corrupt, junk);
  }
});

test('bad entries inside a good shape are dropped, the rest kept', () => {
  const good = grade(null, 'good', T0);
  const data = { version: 2, cards: { ok: good, bad: { ease: 'high' }, low: { ...good, ease: 0.5 } }, coverage: { a: T0, b: 'yesterday' } };
  const { progress, notice } = load(memoryStorage({ [KEY]: JSON.stringify(data) }));
  assert.deepEqual(progress.cards, { ok: good });
  assert.deepEqual(progress.coverage, { a: T0 });
  assert.equal(notice, NOTICES.partial);
});

test('a storage that throws (or is missing) never makes load, save or update throw', () => {
  assert.deepEqual(load(throwing), { progress: emptyProgress(), notice: NOTICES.unavailable });
  assert.deepEqual(save(throwing, emptyProgress()), { ok: false, notice: NOTICES.full });
  assert.doesNotThrow(() => update(throwing, (p) => { p.coverage.x = T0; }));
  assert.equal(update(throwing, () => {}).ok, false);
  assert.deepEqual(load(null).progress, emptyProgress());
  assert.equal(save(undefined, emptyProgress()).ok, false);
  // quota exceeded on write only
  const full = { ...memoryStorage(), setItem() { throw new Error('QuotaExceededError'); } };
  assert.deepEqual(save(full, emptyProgress()), { ok: false, notice: NOTICES.full });
});

test('update keeps the other module\'s part and replaces corrupt data', () => {
  const storage = memoryStorage();
  update(storage, (p) => { p.cards.c1 = grade(null, 'good', T0); });
  update(storage, (p) => { p.coverage['momentum-adam'] = T0; });
  const { progress } = load(storage);
  assert.deepEqual(Object.keys(progress.cards), ['c1']);
  assert.deepEqual(progress.coverage, { 'momentum-adam': T0 });

  const corrupt = memoryStorage({ [KEY]: 'not json' });
  const result = update(corrupt, (p) => { p.coverage.a = T0; });
  assert.equal(result.notice, NOTICES.corrupt);
  assert.deepEqual(load(corrupt), { progress: { ...emptyProgress(), coverage: { a: T0 } }, notice: null });
});

test('a part of the wrong shape is dropped with a notice and the other part is kept', () => {
  const good = grade(null, 'good', T0);
  for (const [stored, cards, coverage] of [
    [{ version: VERSION, cards: [], coverage: { a: T0 } }, {}, { a: T0 }],
    [{ version: VERSION, cards: { c1: good }, coverage: null }, { c1: good }, {}],
    [{ version: VERSION, cards: { c1: good } }, { c1: good }, {}],
    [{ version: VERSION, cards: { c1: good }, coverage: 7 }, { c1: good }, {}],
  ]) {
    const { progress, notice } = load(memoryStorage({ [KEY]: JSON.stringify(stored) }));
    assert.deepEqual(progress.cards, cards, JSON.stringify(stored));
    assert.deepEqual(progress.coverage, coverage, JSON.stringify(stored));
    assert.equal(notice, NOTICES.partial, JSON.stringify(stored));
  }
});

test('progress from a newer version is never overwritten: load says so, save and update leave it as it was', () => {
  const newer = JSON.stringify({ version: VERSION + 1, cards: { c1: 'a future format' }, decks: [1, 2] });
  const storage = memoryStorage({ [KEY]: newer });
  const loaded = load(storage);
  assert.equal(loaded.notice, NOTICES.newer);
  assert.equal(loaded.readOnly, true);
  assert.match(loaded.notice, /newer version.*kept/);
  const progress = emptyProgress();
  progress.coverage.a = T0;
  assert.deepEqual(save(storage, progress), { ok: false, notice: NOTICES.newer });
  const updated = update(storage, (p) => { p.cards.c2 = grade(null, 'good', T0); });
  assert.equal(updated.ok, false);
  assert.equal(updated.notice, NOTICES.newer);
  assert.equal(storage.map.get(KEY), newer, 'byte for byte what the newer version wrote');
});

test('the drill score round-trips, and a score it could not have written is reset with a notice', () => {
  const storage = memoryStorage();
  assert.deepEqual(loadScore(storage), { score: emptyScore(), notice: null });
  const score = { correct: 2.5, total: 4, streak: 1, best: 2 };
  assert.equal(saveScore(storage, score).ok, true);
  assert.deepEqual(loadScore(storage), { score, notice: null });
  for (const junk of ['{', '[]', '{"v":1,"correct":"3","total":5,"streak":0,"best":0}', '{"v":1,"correct":6,"total":5,"streak":0,"best":0}',
    '{"v":1,"correct":1.3,"total":5,"streak":0,"best":0}', '{"v":1,"correct":1,"total":5,"streak":3,"best":2}', '{"v":0,"correct":1,"total":5,"streak":0,"best":0}',
    '{"v":1,"correct":1,"total":-5,"streak":0,"best":0}', '{"v":1,"correct":1,"total":5,"streak":0}']) {
    const loaded = loadScore(memoryStorage({ [DRILL_KEY]: junk }));
    assert.deepEqual(loaded, { score: emptyScore(), notice: DRILL_NOTICES.corrupt }, junk);
  }
});

test('a drill score from a newer version is kept as it was', () => {
  const newer = '{"v":2,"rounds":[]}';
  const storage = memoryStorage({ [DRILL_KEY]: newer });
  const loaded = loadScore(storage);
  assert.equal(loaded.notice, DRILL_NOTICES.newer);
  assert.equal(loaded.readOnly, true);
  assert.equal(saveScore(storage, { correct: 1, total: 1, streak: 1, best: 1 }).ok, false);
  assert.equal(storage.map.get(DRILL_KEY), newer);
});
