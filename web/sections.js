// Every lab's settings, declared once: each one an engine setting (fromEngine: type, range,
// choices and help from the engine's schema) with only what is the page's added — its label,
// a narrower range for the control, slider or log presentation, the lab's own default — or,
// for the few settings that are the page's alone (a view, a ratio to 2/λmax), a plain field.
// DOM-free, so tests read the same sections the labs use.
import { defineSection, fromEngine } from './state.js';

export const SWEEP_SECTION = 'sweep';
defineSection(SWEEP_SECTION, {
  dataset: fromEngine('sweep.data.dataset', { label: 'Data', extra: [['csv', 'Your CSV']] }),
  scaling: fromEngine('sweep.data.scaling', { label: 'Feature scaling' }),
  model: fromEngine('sweep.data.model', { label: 'Model' }),
  optimizer: fromEngine('sweep.optimizer.kind', { label: 'Optimizer' }),
  batch: fromEngine('sweep.optimizer.batch_size', { label: 'Batch size (0 = all rows)', default: 16, max: 100000 }),
  start: fromEngine('sweep.start', { label: 'Start α', min: 1e-7, max: 10, log: true, step: 0.5 }),
  factor: fromEngine('sweep.factor', { label: 'Step', extra: [['x2', '×2']] }),
  count: fromEngine('sweep.count', { label: 'Rates', min: 2, slider: true }),
  steps: fromEngine('sweep.steps', { label: 'Window (steps)', min: 5, max: 5000, slider: true, step: 5 }),
  seed: fromEngine('sweep.seed', { label: 'Seed', max: 999999 }),
  logy: { type: 'bool', label: 'Log-scale loss', default: true },
});
export const SCALING_SECTION = 'scaling';
defineSection(SCALING_SECTION, {
  dataset: fromEngine('curvature.data.dataset', { label: 'Data', only: ['house', 'nonlinear'], labels: { nonlinear: 'Non-linear data' } }),
  product: fromEngine('curvature.data.product_feature', { label: 'Add the feature x₁·x₂', help: 'the product of the first two features — for the house data, the lot\'s area (frontage × depth)' }),
  momentum: fromEngine('curvature.momentum', { label: 'Momentum β', max: 0.99, step: 0.01, slider: true, help: 'heavy-ball momentum stays stable below (2 + 2β)/λmax' }),
  // The lab compares every scaling of the engine side by side, z-score's two halves included.
  view: fromEngine('curvature.data.scaling', { label: 'Contours of', labels: { none: 'raw features' } }),
  ratio_a: { type: 'number', label: 'Path A: α ÷ (2/λmax)', default: 0.45, min: 0.05, max: 1.2, step: 0.05, slider: true, help: '0.5 is 1/λmax (zig-zag starts), 1 is 2/λmax (divergence)' },
  ratio_b: { type: 'number', label: 'Path B: α ÷ (2/λmax)', default: 0.95, min: 0.05, max: 1.2, step: 0.05, slider: true, help: '0.5 is 1/λmax (zig-zag starts), 1 is 2/λmax (divergence)' },
  steps: fromEngine('run.steps', { label: 'Path steps', max: 300, step: 5, slider: true, default: 40, min: 5 }),
});
export const RANGE_SECTION = 'range';
defineSection(RANGE_SECTION, {
  dataset: fromEngine('range_test.data.dataset', { label: 'Data' }),
  scaling: fromEngine('range_test.data.scaling', { label: 'Feature scaling', default: 'z_score' }),
  model: fromEngine('range_test.data.model', { label: 'Model' }),
  optimizer: fromEngine('range_test.optimizer.kind', { label: 'Optimizer', default: 'sgd', only: ['sgd', 'gd', 'momentum', 'adam'] }),
  batch: fromEngine('range_test.optimizer.batch_size', { label: 'Batch size', default: 32, min: 1, max: 100000, help: 'rows per step for SGD, momentum and Adam; GD always uses every row. The first view uses 32: at 16 the ramp’s early noise can fool the steepest-slope rule' }),
  start_lr: fromEngine('range_test.start_lr', { label: 'Start α', min: 1e-8, max: 1, log: true, step: 0.5 }),
  end_lr: fromEngine('range_test.end_lr', { label: 'End α', min: 1e-3, log: true, step: 0.5, help: 'the last learning rate of the ramp (the run usually stops before)' }),
  iterations: fromEngine('range_test.iterations', { label: 'Iterations', max: 1000, slider: true, step: 10 }),
  // The engine's `exponential` (true/false) shown as a choice of ramp.
  ramp: { type: 'enum', label: 'Ramp', default: 'exponential', choices: [['exponential', 'exponential (log steps)'], ['linear', 'linear']] },
  smoothing: fromEngine('range_test.smoothing', { label: 'Smoothing β', max: 0.99, slider: true, step: 0.01, help: 'EMA of the loss, bias-corrected; 0 = no smoothing' }),
  stop_factor: fromEngine('range_test.stop_factor', { label: 'Stop at × best', min: 1.5, max: 20, slider: true, step: 0.5 }),
  seed: fromEngine('range_test.seed', { label: 'Seed', max: 999999 }),
});
export const SCHEDULES_SECTION = 'schedules';
defineSection(SCHEDULES_SECTION, {
  kind: fromEngine('schedule.kind', { label: 'Schedule', default: 'warmup_cosine' }),
  peak: fromEngine('run.optimizer.learning_rate', { label: 'Peak α', default: 0.1, min: 1e-6, max: 10, log: true, step: 0.1, help: 'the largest learning rate of the schedule (the optimizer’s α)' }),
  steps: fromEngine('run.steps', { label: 'Window (steps)', default: 300, min: 20, max: 2000, slider: true, step: 10 }),
  gamma: fromEngine('schedule.gamma', { label: 'Drop factor γ', min: 0.05, slider: true, step: 0.05 }),
  step_size: fromEngine('schedule.step_size', { label: 'Steps between drops', max: 1000, slider: true, step: 1 }),
  exp_gamma: fromEngine('schedule.exp_gamma', { label: 'Decay per step γ', min: 0.9, slider: true, step: 0.001 }),
  warmup_steps: fromEngine('schedule.warmup_steps', { label: 'Warm-up steps', max: 1000, slider: true, step: 1, help: 'length of the linear ramp from α/W up to α; must be below the window' }),
  min_lr: fromEngine('schedule.min_lr', { label: 'Floor α (min_lr)', max: 10 }),
  cycle_steps: fromEngine('schedule.cycle_steps', { label: 'First cycle (steps)', max: 1000, slider: true, step: 1 }),
  cycle_mult: fromEngine('schedule.cycle_mult', { label: 'Cycle growth ×', max: 4, slider: true, step: 0.5 }),
  half_cycle: fromEngine('schedule.half_cycle', { label: 'Half-cycle (steps)', max: 1000, slider: true, step: 1, help: 'steps from the lower bound up to the peak (and as many back down)' }),
  base_lr: fromEngine('schedule.base_lr', { label: 'Lower bound α', max: 10 }),
  pct_start: fromEngine('schedule.pct_start', { label: 'Rising part', min: 0.05, max: 0.95, slider: true, step: 0.05 }),
  div_factor: fromEngine('schedule.div_factor', { label: 'Start = peak ÷', max: 10000 }),
  final_div_factor: fromEngine('schedule.final_div_factor', { label: 'End = start ÷', max: 1000000 }),
  dataset: fromEngine('run.data.dataset', { label: 'Data' }),
  scaling: fromEngine('run.data.scaling', { label: 'Feature scaling', default: 'z_score' }),
  model: fromEngine('run.data.model', { label: 'Model' }),
  optimizer: fromEngine('run.optimizer.kind', { label: 'Optimizer', default: 'sgd', only: ['sgd', 'gd', 'momentum', 'adam'] }),
  batch: fromEngine('run.optimizer.batch_size', { label: 'Batch size', default: 16, min: 1, max: 100000, help: 'rows per step for SGD, momentum and Adam; GD always uses every row' }),
  seed: fromEngine('run.seed', { label: 'Seed', max: 999999 }),
});
export const OPTIMIZERS_SECTION = 'optimizers';
defineSection(OPTIMIZERS_SECTION, {
  dataset: fromEngine('sweep.data.dataset', { label: 'Data' }),
  scaling: fromEngine('sweep.data.scaling', { label: 'Feature scaling', default: 'z_score' }),
  model: fromEngine('sweep.data.model', { label: 'Model' }),
  steps: fromEngine('sweep.steps', { label: 'Window (steps)', min: 5, max: 2000, slider: true, step: 5 }),
  start: fromEngine('sweep.start', { label: 'Start α', min: 1e-7, max: 10, log: true, step: 0.5 }),
  // 11 rates of the ×3 ladder reach α = 10: far enough past 2/λmax of the scaled house data
  // for every optimizer's sweep to find its edge instead of stopping at the top of the grid.
  count: fromEngine('sweep.count', { label: 'Rates (×3 ladder)', default: 11, min: 2, slider: true }),
  batch: fromEngine('sweep.optimizer.batch_size', { label: 'Batch size', default: 16, min: 1, max: 100000, help: 'rows per step for mini-batch SGD, and for the seed bands' }),
  seed: fromEngine('sweep.seed', { label: 'Seed', max: 999999 }),
  band_optimizer: fromEngine('sweep.optimizer.kind', { label: 'Band: optimizer', default: 'sgd' }),
  band_rate: fromEngine('run.optimizer.learning_rate', { label: 'Band: α', default: 0.3, min: 1e-5, max: 10, log: true, step: 0.25 }),
  seeds: { type: 'int', label: 'Band: seeds', default: 8, min: 2, max: 20, slider: true },
  rule_optimizer: fromEngine('run.optimizer.kind', { label: 'Rule: optimizer', default: 'sgd', only: ['sgd', 'adam'] }),
  rule_rate: fromEngine('run.optimizer.learning_rate', { label: 'Rule: α at batch 1', default: 0.03, min: 1e-5, max: 10, log: true, step: 0.25 }),
  rule_epochs: { type: 'int', label: 'Rule: epochs', default: 5, min: 1, max: 20, slider: true, help: 'passes over the data: every batch size sees the same number of rows' },
});