// Spaced repetition for the flash cards: SM-2 (P. A. Wozniak, "Optimization of learning",
// 1990, the SuperMemo 2 algorithm), in pure functions — no DOM, no clock of its own (the
// caller passes `now`), so every schedule can be checked by hand.
//
// The algorithm, as used here:
//
//   quality q of a grade:      again = 1, hard = 3, good = 4, easy = 5   (SM-2 grades 0…5)
//
//   ease (SM-2 "E-Factor"):    EF' = EF + (0.1 − (5 − q)·(0.08 + (5 − q)·0.02)),  EF' ≥ 1.3
//                              start 2.5. Per grade: again −0.54, hard −0.14, good ±0, easy +0.1.
//                              Stored rounded to 0.01 (every change is a multiple of 0.01, so
//                              this only removes floating-point dust: 2.5 − 0.14 = 2.36, not
//                              2.3600000000000003).
//
//   success (q ≥ 3):           repetitions n counts the successful reviews in a row;
//                              interval I(1) = 1 day, I(2) = 6 days,
//                              I(n) = round(I(n−1) × EF') for n > 2,
//                              where EF' is the ease just updated by this grade (SM-2 steps 3
//                              and 5: the E-Factor is modified after each repetition and the
//                              next interval is the previous one times the E-Factor).
//                              So "hard" lengthens the interval less than "good".
//   easy bonus (our choice):   from the third success on, "easy" multiplies the interval by a
//                              further 1.3: I(n) = round(I(n−1) × EF' × 1.3).
//   the first two intervals    SM-2 fixes them at 1 and 6 days whatever the grade, so on a new
//   by grade (our choice):     card Hard, Good and Easy would all say "tomorrow". Like Anki's
//                              hard and easy intervals, we scale them by the grade: hard ½ day
//                              then 4 days, good 1 then 6 (SM-2's), easy 3 then 8.
//
//   failure (again, q = 1):    repetitions → 0, interval → 0, lapses + 1, and the card is due
//                              again in 10 minutes: SM-2 step 7 repeats failed items in the
//                              same session. The next success starts over at 1 day.
//                              Deviation from the 1990 text (step 6 keeps the E-Factor on a
//                              failure): like most SM-2 implementations we apply the ease
//                              formula to failures too, so a card that keeps failing drops to
//                              the 1.3 floor (2.5 → 1.96 → 1.42 → 1.3) and comes back more often.
//
//   due:                       due = now + interval days (a failure: now + 10 minutes).
//                              A card with no state yet is new, and new cards are due.

/** One day and the in-session relearning delay, in milliseconds. */
export const DAY_MS = 24 * 60 * 60 * 1000;
export const RELEARN_MS = 10 * 60 * 1000;

export const START_EASE = 2.5;
export const MIN_EASE = 1.3;
export const EASY_BONUS = 1.3;
export const FIRST_INTERVAL = Object.freeze({ hard: 0.5, good: 1, easy: 3 });
export const SECOND_INTERVAL = Object.freeze({ hard: 4, good: 6, easy: 8 });

/** SM-2 quality for each grade button. */
export const QUALITY = Object.freeze({ again: 1, hard: 3, good: 4, easy: 5 });
export const GRADES = Object.freeze(['again', 'hard', 'good', 'easy']);

/**
 * @typedef {object} CardState
 * @property {number} ease         SM-2 E-Factor, ≥ 1.3
 * @property {number} interval     days until the next review (0 after a failure)
 * @property {number} repetitions  successful reviews in a row
 * @property {number} due          ms timestamp when the card is due
 * @property {number} lapses       how many times the card was failed
 */

/** The state of a card never reviewed: due at once. */
export function newState() {
  return { ease: START_EASE, interval: 0, repetitions: 0, due: 0, lapses: 0 };
}

/** EF' = EF + (0.1 − (5 − q)(0.08 + (5 − q)·0.02)), rounded to 0.01, floored at 1.3. */
export function nextEase(ease, quality) {
  const miss = 5 - quality;
  const raw = ease + (0.1 - miss * (0.08 + miss * 0.02));
  return Math.max(MIN_EASE, Math.round(raw * 100) / 100);
}

/**
 * The state after grading a card.
 * @param {CardState|undefined|null} state  current state (missing = a new card)
 * @param {'again'|'hard'|'good'|'easy'} grade
 * @param {number} now  ms timestamp of the review
 * @returns {CardState} a new object; `state` is not modified
 */
export function grade(state, grade, now) {
  const quality = QUALITY[grade];
  if (quality === undefined) throw new RangeError(`unknown grade '${grade}' (use ${GRADES.join(', ')})`);
  const current = { ...newState(), ...(state || {}) };
  const ease = nextEase(current.ease, quality);
  if (quality < 3) {
    return { ease, interval: 0, repetitions: 0, due: now + RELEARN_MS, lapses: current.lapses + 1 };
  }
  const repetitions = current.repetitions + 1;
  let interval;
  if (repetitions === 1) interval = FIRST_INTERVAL[grade];
  else if (repetitions === 2) interval = SECOND_INTERVAL[grade];
  else interval = Math.round(current.interval * ease * (grade === 'easy' ? EASY_BONUS : 1));
  return { ease, interval, repetitions, due: now + interval * DAY_MS, lapses: current.lapses };
}

/** Whether a card is due at `now` (a card with no state is new, hence due). */
export function isDue(state, now) {
  return !state || !(state.due > now);
}

/**
 * How many of the states are due at `now`.
 * @param {Iterable<CardState|undefined>|Record<string, CardState>} states  an array (undefined
 *   entries are new cards) or an {id: state} object
 */
export function dueCount(states, now) {
  const list = states && typeof states[Symbol.iterator] === 'function' ? [...states] : Object.values(states || {});
  return list.filter((s) => isDue(s, now)).length;
}

/** A short phrase for when a card comes back: "in 10 min", "tomorrow", "in 6 days". */
export function describeDue(state, now) {
  if (isDue(state, now)) return 'now';
  const ms = state.due - now;
  if (ms < 60 * 60 * 1000) return `in ${Math.max(1, Math.round(ms / 60000))} min`;
  if (ms < DAY_MS) return `in ${Math.round(ms / 3600000)} h`;
  const days = Math.round(ms / DAY_MS);
  return days === 1 ? 'tomorrow' : `in ${days} days`;
}
