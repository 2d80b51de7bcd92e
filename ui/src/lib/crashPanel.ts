// A last-resort error display: if the UI throws outside any handler, show what happened instead of a
// blank window (and keep it in the page for support and for the end-to-end tests).
import { m } from './i18n';

function show(message: string): void {
  let panel = document.getElementById('crash');
  if (panel === null) {
    panel = document.createElement('div');
    panel.id = 'crash';
    panel.setAttribute('role', 'alert');
    panel.className = 'crash-panel';
    const title = document.createElement('strong');
    title.textContent = m.shell_crash_title();
    panel.appendChild(title);
    document.body.appendChild(panel);
  }
  const line = document.createElement('pre');
  line.textContent = message;
  panel.appendChild(line);
}

export function installCrashPanel(): void {
  window.addEventListener('error', (e) => {
    const stack = e.error instanceof Error && e.error.stack ? `\n${e.error.stack}` : '';
    show(`${e.message}${stack}`);
  });
  window.addEventListener('unhandledrejection', (e) => {
    const r: unknown = e.reason;
    show(r instanceof Error ? `${r.message}\n${r.stack ?? ''}` : String(r));
  });
}
