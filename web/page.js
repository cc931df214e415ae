// The lesson page: registers the service worker on the deployed site, defines the modules, binds the settings to the URL hash (with a notice
// when a link carried junk), fills the numbers of the page's own text from the engine, and
// keeps the section navigation in step with the reader.
import './lesson.js';
import { defineLater, whenNear } from './page-elements.js';
import { bindUrl } from './state.js';
// Every lab's settings section, known before the URL is read (the labs themselves load later).
import './sections.js';
import { registerOffline } from './offline.js';

const notice = document.querySelector('#notice');
/** The notice names at most this many problems of a link (each already shortened by parseHash). */
const MAX_NOTICE_PROBLEMS = 5;

// The deployed site works offline (dist/sw.js); a new version offers a reload (#update).
registerOffline(document.querySelector('#update'));

bindUrl({
  onNotice(_problems, notes) {
    const shown = notes.slice(0, MAX_NOTICE_PROBLEMS);
    const more = notes.length - shown.length;
    notice.hidden = false;
    notice.querySelector('.notice-text').textContent =
      `This link had ${notes.length === 1 ? 'a setting' : 'settings'} the page could not use, so ${notes.length === 1 ? 'it is back to its default' : 'they are back to their defaults'}: ${shown.join('; ')}${more > 0 ? `; and ${more} more` : ''}. The address now holds the settings in use.`;
  },
});
notice.querySelector('button').addEventListener('click', () => {
  notice.hidden = true;
  document.querySelector('main')?.focus({ preventScroll: true });
});

// The modules further down the page are defined (and their code fetched) as their section
// nears the viewport; those of the first screens are defined already (web/page-elements.js).
defineLater();

// Highlight the section being read in the sticky navigation.
const links = new Map([...document.querySelectorAll('nav.sections a')].map((a) => [a.hash.slice(1), a]));
const observer = new IntersectionObserver((entries) => {
  for (const entry of entries) {
    if (!entry.isIntersecting) continue;
    for (const a of links.values()) a.removeAttribute('aria-current');
    links.get(entry.target.id)?.setAttribute('aria-current', 'true');
  }
}, { rootMargin: '-40% 0px -55% 0px' });
for (const id of links.keys()) {
  const section = document.getElementById(id);
  if (section) observer.observe(section);
}

// In-page links (the skip link, the section navigation) must not replace the settings hash:
// they scroll to and focus their target instead, and the address keeps the experiment.
for (const a of document.querySelectorAll('a.skip, nav.sections a')) {
  a.addEventListener('click', (event) => {
    const target = document.getElementById(a.hash.slice(1));
    if (!target) return;
    event.preventDefault();
    target.scrollIntoView({ behavior: matchMedia('(prefers-reduced-motion: reduce)').matches ? 'auto' : 'smooth' });
    target.focus({ preventScroll: true });
  });
}

// Numbers in the page's own text are <span data-fact="name"> filled live from the engine
// (web/study/facts.js, the same facts as the study content's {name} placeholders); a fact
// the engine could not compute shows "—", never a typed-in number. Their code is fetched and
// the facts computed when the first text holding one nears the viewport (none is on the
// first screen).
const factSpans = [...document.querySelectorAll('[data-fact]')];
if (factSpans.length) {
  whenNear([...new Set(factSpans.map((span) => span.closest('section') || span))], async () => {
    const { lessonFacts, formatFact } = await import('./study/facts.js');
    let facts = {};
    try {
      facts = await lessonFacts();
    } catch {
      // every span shows "—"
    }
    for (const span of factSpans) span.textContent = formatFact(span.dataset.fact, facts[span.dataset.fact]);
  });
}
