// The lesson concepts the modules announce with activity(step, concept), as data: the labs
// import CONCEPTS and pass CONCEPTS.x (never a string literal), coverage ticks the concept,
// and tests/js/content.test.mjs checks this table against web/content/concepts.json and
// against each module's source. No DOM here, so it imports in Node.

/** Every concept id a module may announce, under the name the code uses. */
export const CONCEPTS = Object.freeze({
  sweepWorkflow: 'sweep-workflow',
  curveShapes: 'curve-shapes',
  largestStable: 'largest-stable',
  stabilityBound: 'stability-bound',
  featureScaling: 'feature-scaling',
  batchNoise: 'batch-noise',
  momentumAdam: 'momentum-adam',
  rangeTest: 'range-test',
  schedules: 'schedules',
  warmup: 'warmup',
  cosineRestarts: 'cosine-and-restarts',
  cyclicalOneCycle: 'cyclical-one-cycle',
  productionHabits: 'production-habits',
  tradeoffs: 'tradeoffs',
});

const C = CONCEPTS;

/**
 * The concepts each module announces, by its element name: every name listed here is
 * referenced (CONCEPTS.name) in that module's source, and no other.
 * @type {Readonly<Record<string, readonly string[]>>}
 */
export const LAB_CONCEPTS = Object.freeze({
  'lr-lab-sweep': [C.sweepWorkflow, C.curveShapes, C.largestStable, C.featureScaling, C.batchNoise, C.momentumAdam],
  'lr-lab-scaling': [C.featureScaling, C.stabilityBound],
  'lr-lab-range-test': [C.rangeTest],
  'lr-lab-schedules': [C.schedules, C.warmup, C.cosineRestarts, C.cyclicalOneCycle],
  'lr-lab-optimizers': [C.momentumAdam, C.batchNoise],
  'lr-lab-drill': [C.curveShapes, C.largestStable, C.featureScaling],
  'lr-lab-failure-lab': [C.productionHabits, C.featureScaling, C.momentumAdam, C.batchNoise, C.schedules],
  'lr-lab-reorder': [C.sweepWorkflow],
  'lr-lab-tradeoffs': [C.tradeoffs],
});
