// The embedding script: defines every LR Lab custom element and nothing else (no globals
// but the element definitions). A host page loads it once and places the elements:
//   <script type="module" src=".../lr-lab.js"></script>
//   <lr-lab-sweep></lr-lab-sweep>
import './modules/theory.js';
import './modules/architecture.js';
import './modules/sweep-lab.js';
import './modules/scaling-lab.js';
import './modules/range-test.js';
import './modules/schedules.js';
import './modules/optimizers.js';
import './modules/tradeoffs.js';
import './modules/drill.js';
import './modules/failure-lab.js';
import './modules/reorder.js';
import './modules/code-walkthrough.js';
import './modules/interview.js';
import './modules/flashcards.js';
import './modules/coverage.js';
