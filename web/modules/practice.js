// The practice section's modules, loaded as one chunk by the lesson page when the section
// nears the viewport (web/page-elements.js): concept drills, the failure-mode lab, the
// workflow exercise, the code walkthrough, interview preparation and the flash cards.
import './drill.js';
import './failure-lab.js';
import './reorder.js';
import './code-walkthrough.js';
import './interview.js';
import './flashcards.js';
