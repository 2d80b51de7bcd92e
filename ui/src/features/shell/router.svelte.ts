// Which page is showing. Kept in the URL hash so reloads (and the view tests) land on the same page.
import { hashFor, hashForMeter, meterFromHash, meterPageFromHash, viewFromHash, type MeterPage, type ViewId } from './nav';

class Router {
  view = $state<ViewId>(viewFromHash(window.location.hash));
  /** The meter whose detail page shows (within the Meters section), or null for the list. */
  meterId = $state<string | null>(meterFromHash(window.location.hash));
  /** Which page of that meter: detail, connection settings or the transport inspector. */
  meterPage = $state<MeterPage>(meterPageFromHash(window.location.hash));

  constructor() {
    window.addEventListener('hashchange', () => {
      this.view = viewFromHash(window.location.hash);
      this.meterId = meterFromHash(window.location.hash);
      this.meterPage = meterPageFromHash(window.location.hash);
    });
  }

  go(view: ViewId): void {
    this.view = view;
    this.meterId = null;
    this.meterPage = 'detail';
    if (window.location.hash !== hashFor(view)) window.location.hash = hashFor(view);
  }

  openMeter(deviceId: string, page: MeterPage = 'detail'): void {
    this.view = 'meters';
    this.meterId = deviceId;
    this.meterPage = page;
    const hash = hashForMeter(deviceId, page);
    if (window.location.hash !== hash) window.location.hash = hash;
  }
}

export const router = new Router();
