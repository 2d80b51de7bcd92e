// Facts about this installation (app_info), loaded once at start.
import type { AppError, AppInfo } from '../../lib/bindings';
import { toAppError } from '../../lib/errors';
import { ipc } from '../../lib/ipc';

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
