// Settings › Sharing, the state: the backend's answer (choices, tokens, whether it runs, its addresses), the
// programs connected (read again every 2 s by the panel while it is on screen and sharing runs), and the
// commands that change it. One per panel: created when Settings opens, dropped when it closes.
import type { AppError, NewSharingToken, SharingClient, SharingSettings, SharingStatus } from '../../lib/bindings';
import { toAppError } from '../../lib/errors';
import { ipc } from '../../lib/ipc';

export const CLIENTS_EVERY_MS = 2000;

export class SharingState {
  status = $state.raw<SharingStatus | null>(null);
  loadError = $state.raw<AppError | null>(null);
  clients = $state.raw<SharingClient[]>([]);
  /** When `clients` was read (ms epoch): "since" is counted from it. */
  clientsAt = $state(0);
  clientsError = $state.raw<AppError | null>(null);

  get running(): boolean {
    return this.status?.running === true;
  }

  #apply(s: SharingStatus): void {
    this.status = s;
    this.clients = s.running ? s.clients : [];
    this.clientsAt = Date.now();
    this.clientsError = null;
  }

  load = async (): Promise<void> => {
    this.loadError = null;
    try {
      this.#apply(await ipc.sharingStatus());
    } catch (reason) {
      this.loadError = toAppError(reason);
    }
  };

  /** Saves the choices (the backend starts, restarts or stops sharing). Rejects with an AppError. */
  async save(settings: SharingSettings): Promise<SharingStatus> {
    const s = await ipc.sharingSave(settings);
    this.#apply(s);
    return s;
  }

  /** A new token: its value is in the answer only. Rejects with an AppError. */
  async createToken(name: string): Promise<NewSharingToken> {
    const created = await ipc.sharingCreateToken(name);
    const s = this.status;
    if (s !== null && !s.tokens.some((t) => t.id === created.token.id)) this.status = { ...s, tokens: [...s.tokens, created.token] };
    return created;
  }

  /** Revokes a token: programs using it are disconnected. Rejects with an AppError. */
  async revoke(id: string): Promise<void> {
    this.#apply(await ipc.sharingRevokeToken(id));
  }

  /** Reads who is connected now (a failure is kept and shown; the next read may work). */
  refreshClients = async (): Promise<void> => {
    try {
      const list = await ipc.sharingClients();
      this.clients = this.running ? list : [];
      this.clientsAt = Date.now();
      this.clientsError = null;
    } catch (reason) {
      this.clientsError = toAppError(reason);
    }
  };
}
