// Light or dark, following the system (styles/tokens.css switches the tokens with prefers-color-scheme). Canvas
// charts read the tokens once, so they rebuild when this changes.
class Theme {
  dark = $state(false);

  constructor() {
    if (typeof window === 'undefined' || typeof window.matchMedia !== 'function') return;
    const mq = window.matchMedia('(prefers-color-scheme: dark)');
    this.dark = mq.matches;
    mq.addEventListener('change', (e) => {
      this.dark = e.matches;
    });
  }
}

export const theme = new Theme();
