// Whether the window is on screen (document.visibilityState): nothing should move while it is not. The
// `page-hidden` class on <html> pauses every CSS animation (styles/base.css); clocks and the chart loop read
// `page.visible` and stop; listeners hear when it changes.

type Listener = (visible: boolean) => void;

class PageVisibility {
  visible = $state(true);
  #listeners = new Set<Listener>();

  constructor() {
    if (typeof document === 'undefined') return;
    this.#apply();
    document.addEventListener('visibilitychange', () => this.#apply());
  }

  #apply(): void {
    const visible = document.visibilityState !== 'hidden';
    document.documentElement.classList.toggle('page-hidden', !visible);
    if (visible === this.visible) return;
    this.visible = visible;
    for (const f of this.#listeners) f(visible);
  }

  /** Calls `f` whenever the window is shown or hidden; returns the unsubscribe function. */
  onChange(f: Listener): () => void {
    this.#listeners.add(f);
    return () => this.#listeners.delete(f);
  }
}

export const page = new PageVisibility();
