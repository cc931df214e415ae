// The learner's saved progress (flash-card schedule and lesson coverage), kept offline in
// the browser under ONE key, versioned. No DOM: the Storage-like object (localStorage, or a
// stand-in in tests) is passed in. Nothing here throws: a storage that refuses access,
// is full, or holds junk gives empty progress and a notice a learner understands.
//
//   localStorage['lrlab.progress'] = { version: 2, cards: {cardId: CardState}, coverage: {conceptId: ms} }
//
// Version 1 (an older layout) and anything unreadable are reset, never half-read.

export const KEY = 'lrlab.progress';
export const VERSION = 2;

export const NOTICES = Object.freeze({
  corrupt: 'Your saved progress could not be read and was reset.',
  old: 'Your saved progress came from an older version of this lesson and was reset.',
  newer: 'Your saved progress came from a newer version of this lesson and could not be used here; it was reset.',
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
  if (data.version > VERSION) return { progress: emptyProgress(), notice: NOTICES.newer };
  if (!isRecord(data.cards) || !isRecord(data.coverage)) return { progress: emptyProgress(), notice: NOTICES.corrupt };
  // Right shape on the outside: keep every entry that reads, drop (and say so) the rest.
  const progress = emptyProgress();
  let dropped = 0;
  for (const [id, state] of Object.entries(data.cards)) {
    if (validCardState(state)) progress.cards[id] = { ease: state.ease, interval: state.interval, repetitions: state.repetitions, due: state.due, lapses: state.lapses };
    else dropped += 1;
  }
  for (const [id, when] of Object.entries(data.coverage)) {
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
  try {
    const data = { version: VERSION, cards: progress?.cards || {}, coverage: progress?.coverage || {} };
    storage.setItem(KEY, JSON.stringify(data));
    return { ok: true, notice: null };
  } catch {
    return { ok: false, notice: NOTICES.full };
  }
}

/**
 * Reads, changes and writes the progress in one go, so two modules sharing the key (flash
 * cards write `cards`, coverage writes `coverage`) never overwrite each other's part.
 * @param {(progress: object) => void} change  mutates the fresh progress
 * @returns {{progress: object, notice: string|null, ok: boolean}}
 */
export function update(storage, change) {
  const { progress, notice } = load(storage);
  try {
    change(progress);
  } catch {
    return { progress, notice, ok: false };
  }
  const saved = save(storage, progress);
  return { progress, notice: saved.notice || notice, ok: saved.ok };
}
