// The learner's saved progress (flash-card schedule and lesson coverage), kept offline in
// the browser under ONE key, versioned. No DOM: the Storage-like object (localStorage, or a
// stand-in in tests) is passed in. Nothing here throws: a storage that refuses access,
// is full, or holds junk gives empty progress and a notice a learner understands.
//
//   localStorage['lrlab.progress'] = { version: 2, cards: {cardId: CardState}, coverage: {conceptId: ms} }
//
// Version 1 (an older layout) and anything unreadable are reset. Within version 2 every part
// that reads is kept (cards and coverage separately, entry by entry). Progress written by a
// NEWER version of the lesson is never overwritten: load() says so and marks the progress
// read-only, and save() refuses to write over it.

export const KEY = 'lrlab.progress';
export const VERSION = 2;

export const NOTICES = Object.freeze({
  corrupt: 'Your saved progress could not be read and was reset.',
  old: 'Your saved progress came from an older version of this lesson and was reset.',
  newer: 'Your saved progress comes from a newer version of this lesson; it is kept as it is, and what you do on this page will not be saved over it.',
  partial: 'Part of your saved progress could not be read and was dropped; the rest was kept.',
  unavailable: 'This browser does not let the lesson save your progress here; it will be lost when you leave the page.',
  full: 'Your progress could not be saved: the browser\'s storage is full or blocked.',
});

/** Empty progress of the current version. */
export function emptyProgress() {
  return { version: VERSION, cards: {}, coverage: {} };
}

/** The page's localStorage, or null when the browser refuses it (sandboxed frames, privacy modes). */
export function defaultStorage() {
  try {
    const storage = globalThis.localStorage;
    return storage || null;
  } catch {
    return null;
  }
}

const isRecord = (x) => x !== null && typeof x === 'object' && !Array.isArray(x);
const finite = (x) => typeof x === 'number' && Number.isFinite(x);

/** Whether a saved card state has the fields the scheduler needs, with sane values. */
export function validCardState(s) {
  return isRecord(s) && finite(s.ease) && s.ease >= 1.3 && finite(s.interval) && s.interval >= 0
    && Number.isInteger(s.repetitions) && s.repetitions >= 0 && finite(s.due)
    && Number.isInteger(s.lapses) && s.lapses >= 0;
}

/**
 * Reads the progress.
 * @param {Storage|null|undefined} storage  a Storage-like object (getItem/setItem)
 * @returns {{progress: {version:number, cards:object, coverage:object}, notice: string|null}}
 */
export function load(storage) {
  if (!storage) return { progress: emptyProgress(), notice: NOTICES.unavailable };
  let text;
  try {
    text = storage.getItem(KEY);
  } catch {
    return { progress: emptyProgress(), notice: NOTICES.unavailable };
  }
  if (text === null || text === undefined) return { progress: emptyProgress(), notice: null };
  let data;
  try {
    data = JSON.parse(String(text));
  } catch {
    return { progress: emptyProgress(), notice: NOTICES.corrupt };
  }
  if (!isRecord(data) || !Number.isInteger(data.version)) return { progress: emptyProgress(), notice: NOTICES.corrupt };
  if (data.version < VERSION) return { progress: emptyProgress(), notice: NOTICES.old };
  if (data.version > VERSION) return { progress: emptyProgress(), notice: NOTICES.newer, readOnly: true };
  // Keep every part and every entry that reads, drop (and say so) the rest.
  const progress = emptyProgress();
  let dropped = 0;
  if (!isRecord(data.cards)) dropped += 1;
  if (!isRecord(data.coverage)) dropped += 1;
  for (const [id, state] of Object.entries(isRecord(data.cards) ? data.cards : {})) {
    if (validCardState(state)) progress.cards[id] = { ease: state.ease, interval: state.interval, repetitions: state.repetitions, due: state.due, lapses: state.lapses };
    else dropped += 1;
  }
  for (const [id, when] of Object.entries(isRecord(data.coverage) ? data.coverage : {})) {
    if (finite(when)) progress.coverage[id] = when;
    else dropped += 1;
  }
  return { progress, notice: dropped ? NOTICES.partial : null };
}

/**
 * Writes the progress.
 * @returns {{ok: boolean, notice: string|null}}  never throws (quota, security errors)
 */
export function save(storage, progress) {
  if (!storage) return { ok: false, notice: NOTICES.unavailable };
  if (storedVersion(storage) > VERSION) return { ok: false, notice: NOTICES.newer };
  try {
    const data = { version: VERSION, cards: progress?.cards || {}, coverage: progress?.coverage || {} };
    storage.setItem(KEY, JSON.stringify(data));
    return { ok: true, notice: null };
  } catch {
    return { ok: false, notice: NOTICES.full };
  }
}

/** The version of what is stored under KEY (0 when nothing readable is). */
function storedVersion(storage) {
  try {
    const data = JSON.parse(String(storage.getItem(KEY)));
    return isRecord(data) && Number.isInteger(data.version) ? data.version : 0;
  } catch {
    return 0;
  }
}

/**
 * Reads, changes and writes the progress in one go, so two modules sharing the key (flash
 * cards write `cards`, coverage writes `coverage`) never overwrite each other's part.
 * @param {(progress: object) => void} change  mutates the fresh progress
 * @returns {{progress: object, notice: string|null, ok: boolean}}
 */
export function update(storage, change) {
  const { progress, notice, readOnly } = load(storage);
  try {
    change(progress);
  } catch {
    return { progress, notice, ok: false };
  }
  if (readOnly) return { progress, notice, ok: false };
  const saved = save(storage, progress);
  return { progress, notice: saved.notice || notice, ok: saved.ok };
}

// ---------------------------------------------------------------- the drill's score
//
// localStorage['lrlab.drill'] = { v: 1, correct, total, streak, best }: whole numbers (correct
// may be a half: ½ point for one ×3 step off), correct ≤ total, best ≥ streak.

export const DRILL_KEY = 'lrlab.drill';
export const DRILL_VERSION = 1;

export const DRILL_NOTICES = Object.freeze({
  corrupt: 'Your saved drill score could not be read and was reset.',
  newer: 'Your saved drill score comes from a newer version of this lesson; it is kept as it is, and this page will not save over it.',
});

export function emptyScore() {
  return { correct: 0, total: 0, streak: 0, best: 0 };
}

/** Whether a stored score is one the drill could have written. */
export function validScore(s) {
  const whole = (x) => Number.isInteger(x) && x >= 0;
  return isRecord(s) && whole(s.total) && whole(s.streak) && whole(s.best)
    && typeof s.correct === 'number' && Number.isInteger(2 * s.correct) && s.correct >= 0
    && s.correct <= s.total && s.streak <= s.total && s.best <= s.total && s.streak <= s.best;
}

/**
 * Reads the drill's score.
 * @returns {{score: object, notice: string|null, readOnly?: boolean}}
 */
export function loadScore(storage) {
  if (!storage) return { score: emptyScore(), notice: null };
  let text;
  try {
    text = storage.getItem(DRILL_KEY);
  } catch {
    return { score: emptyScore(), notice: null };
  }
  if (text === null || text === undefined) return { score: emptyScore(), notice: null };
  let data;
  try {
    data = JSON.parse(String(text));
  } catch {
    return { score: emptyScore(), notice: DRILL_NOTICES.corrupt };
  }
  if (isRecord(data) && Number.isInteger(data.v) && data.v > DRILL_VERSION) {
    return { score: emptyScore(), notice: DRILL_NOTICES.newer, readOnly: true };
  }
  if (!isRecord(data) || data.v !== DRILL_VERSION || !validScore(data)) return { score: emptyScore(), notice: DRILL_NOTICES.corrupt };
  return { score: { correct: data.correct, total: data.total, streak: data.streak, best: data.best }, notice: null };
}

/** Writes the drill's score, unless a newer version's score is stored. Never throws. */
export function saveScore(storage, score) {
  if (!storage) return { ok: false, notice: NOTICES.unavailable };
  try {
    const stored = JSON.parse(String(storage.getItem(DRILL_KEY)));
    if (isRecord(stored) && Number.isInteger(stored.v) && stored.v > DRILL_VERSION) return { ok: false, notice: DRILL_NOTICES.newer };
  } catch { /* nothing readable stored: write */ }
  try {
    storage.setItem(DRILL_KEY, JSON.stringify({ v: DRILL_VERSION, ...score }));
    return { ok: true, notice: null };
  } catch {
    return { ok: false, notice: NOTICES.full };
  }
}
