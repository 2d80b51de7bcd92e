// Facts about this installation (app_info), loaded once at start.
import type { AppError, AppInfo } from './bindings';
import { toAppError } from './errors';
import { ipc } from './ipc';

class AppInfoStore {
  info = $state<AppInfo | null>(null);
  error = $state<AppError | null>(null);
  /** The "saved meters file was damaged" banner was closed this session. */
  recoveredDismissed = $state(false);

  async load(): Promise<void> {
    this.error = null;
    try {
      this.info = await ipc.appInfo();
    } catch (reason) {
      this.error = toAppError(reason);
    }
  }
}

export const appInfo = new AppInfoStore();
