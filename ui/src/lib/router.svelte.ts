// Which page is showing. Kept in the URL hash so reloads (and the view tests) land on the same page.
import { hashFor, viewFromHash, type ViewId } from './nav';

class Router {
  view = $state<ViewId>(viewFromHash(window.location.hash));

  constructor() {
    window.addEventListener('hashchange', () => {
      this.view = viewFromHash(window.location.hash);
    });
  }

  go(view: ViewId): void {
    this.view = view;
    if (window.location.hash !== hashFor(view)) window.location.hash = hashFor(view);
  }
}

export const router = new Router();
