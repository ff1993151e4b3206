/**
 * Installs the service worker that keeps the app shell (built app only: the dev server has no
 * sw.js). A browser without service workers still works online; it just cannot open offline.
 */
export function registerServiceWorker(): void {
  if (!import.meta.env.PROD || !('serviceWorker' in navigator)) return;
  navigator.serviceWorker.register('/sw.js', { scope: '/' }).catch((error: unknown) => {
    console.warn('service worker not installed: /pos will not open offline', error);
  });
}
