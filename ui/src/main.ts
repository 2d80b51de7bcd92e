import './lib/localeGuard';
import { mount } from 'svelte';
import App from './App.svelte';
import './styles/tokens.css';
import './styles/base.css';
import './styles/controls.css';
import './styles/data.css';
import { installCrashPanel } from './lib/crashPanel';

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
  const target = document.getElementById('app');
  if (target === null) throw new Error('index.html has no #app element');
  mount(App, { target });
}

void start();
