// The page's entry point: runs a sweep with the engine and shows the result.
import { loadEngine } from './engine/engine.js';

const form = document.querySelector('#sweep-form');
const status = document.querySelector('#status');
const table = document.querySelector('#results');

function formatNumber(x) {
  if (!Number.isFinite(x)) return 'diverged';
  return Math.abs(x) >= 1e-3 && Math.abs(x) < 1e4 ? x.toPrecision(4) : x.toExponential(2);
}

async function runSweep(engine) {
  const data = new FormData(form);
  status.textContent = 'Running…';
  const result = await engine.runSweep({
    data: { scaling: String(data.get('scaling')) },
    steps: Number(data.get('steps')),
  });
  if (!result.ok) {
    status.textContent = `Could not run the sweep: ${result.error}`;
    table.hidden = true;
    return;
  }
  const sweep = result.value;
  const body = table.tBodies[0];
  body.replaceChildren();
  for (const run of sweep.runs) {
    const row = body.insertRow();
    row.className = run.diagnosis.label;
    row.insertCell().textContent = String(run.learning_rate);
    const label = row.insertCell();
    label.className = 'label';
    label.textContent = run.diagnosis.label.replace('_', ' ');
    row.insertCell().textContent = formatNumber(run.final_loss);
    row.insertCell().textContent = run.diagnosis.reason;
  }
  table.hidden = false;
  status.textContent = sweep.recommended === null
    ? sweep.advice
    : `Recommended: α = ${sweep.recommended} — ${sweep.advice}.`;
  document.body.dataset.recommended = String(sweep.recommended);
}

loadEngine()
  .then((engine) => {
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      runSweep(engine);
    });
    return runSweep(engine);
  })
  .catch((error) => {
    status.textContent = `The engine could not start: ${error.message}`;
  });
