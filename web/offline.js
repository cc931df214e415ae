// Offline use of the served site: registers the service worker that the build generates
// (dist/sw.js, Workbox precache of every file the page needs, revisions from the files'
// contents) and offers a reload when a new version is waiting. Only the deployable site
// (dist/index.html, which links the manifest) registers it; the repo's development page and
// dist/lr-lab.html on file:// do not try.
import { Workbox } from 'workbox-window';

/** Registers the service worker when the page is the deployed site; returns the Workbox or null. */
export function registerOffline(banner) {
  const deployed = document.querySelector('link[rel="manifest"]');
  if (!deployed || !('serviceWorker' in navigator) || !/^https?:$/.test(location.protocol)) return null;
  const wb = new Workbox(new URL('sw.js', document.baseURI).href);
  wb.addEventListener('waiting', () => {
    // The new build has precached everything and waits: the learner chooses when to switch.
    if (!banner) return;
    banner.hidden = false;
    banner.querySelector('button').onclick = () => {
      banner.querySelector('button').disabled = true;
      wb.addEventListener('controlling', () => location.reload());
      wb.messageSkipWaiting();
    };
  });
  wb.register().catch(() => { /* no service worker (private mode, blocked): the page still works online */ });
  // A long-open page (a tablet left on the lesson) checks for a new version when shown again.
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible') wb.update().catch(() => {});
  });
  return wb;
}
