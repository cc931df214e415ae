// The lesson page: defines the modules, binds the settings to the URL hash (with a notice
// when a link carried junk), and keeps the section navigation in step with the reader.
import './elements.js';
import { bindUrl } from './state.js';

const notice = document.querySelector('#notice');

bindUrl({
  onNotice(problems) {
    notice.hidden = false;
    notice.querySelector('.notice-text').textContent =
      `Some settings in this link could not be used and were reset to their defaults: ${problems.join('; ')}.`;
  },
});
notice.querySelector('button').addEventListener('click', () => { notice.hidden = true; });

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

// In-page links must not replace the settings hash: scroll instead.
for (const a of links.values()) {
  a.addEventListener('click', (event) => {
    event.preventDefault();
    const target = document.getElementById(a.hash.slice(1));
    target?.scrollIntoView({ behavior: matchMedia('(prefers-reduced-motion: reduce)').matches ? 'auto' : 'smooth' });
    target?.focus({ preventScroll: true });
  });
}
