// Imported first by the lesson page (web/page.js), before the elements are defined: every lab
// of index.html shares the page's one settings store, which page.js binds to the URL.
import { lessonPage } from './state.js';

lessonPage.shared = true;
