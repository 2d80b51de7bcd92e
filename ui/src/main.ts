import './lib/localeGuard';
import { mount } from 'svelte';
import './styles/tokens.css';
import './styles/base.css';
import './styles/controls.css';
import './styles/data.css';
import { installCrashPanel } from './lib/crashPanel';
import { applyLocale } from './lib/i18n';
import { ipc } from './lib/ipc';

installCrashPanel();

async function start(): Promise<void> {
  // The mock backend exists only in dev and in the view-test build (`--mode mocktest`, VITE_MOCK=1).
  // In the production build both conditions are compile-time false, so the import and src/mock/ are gone.
  if (import.meta.env.DEV || import.meta.env.VITE_MOCK === '1') {
    const scenario = new URLSearchParams(window.location.search).get('mock');
    if (scenario !== null) {
      const { installMock } = await import('./mock');
      installMock(scenario);
    }
  }
  // The language before any component (or module-level formatter) exists: the user's choice, else the
  // computer's locale as the OS reports it (the webview's navigator.language is unreliable).
  try {
    const l = await ipc.appLocale();
    applyLocale(l.language, l.format_tag);
  } catch {
    applyLocale('en', null);
  }
  const { default: App } = await import('./App.svelte');
  const target = document.getElementById('app');
  if (target === null) throw new Error('index.html has no #app element');
  mount(App, { target });
}

void start();
