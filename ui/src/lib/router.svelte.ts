// Which page is showing. Kept in the URL hash so reloads (and the view tests) land on the same page.
import { hashFor, hashForMeter, meterFromHash, viewFromHash, type ViewId } from './nav';

class Router {
  view = $state<ViewId>(viewFromHash(window.location.hash));
  /** The meter whose detail page shows (within the Meters section), or null for the list. */
  meterId = $state<string | null>(meterFromHash(window.location.hash));

  constructor() {
    window.addEventListener('hashchange', () => {
      this.view = viewFromHash(window.location.hash);
      this.meterId = meterFromHash(window.location.hash);
    });
  }

  go(view: ViewId): void {
    this.view = view;
    this.meterId = null;
    if (window.location.hash !== hashFor(view)) window.location.hash = hashFor(view);
  }

  openMeter(deviceId: string): void {
    this.view = 'meters';
    this.meterId = deviceId;
    if (window.location.hash !== hashForMeter(deviceId)) window.location.hash = hashForMeter(deviceId);
  }
}

export const router = new Router();
