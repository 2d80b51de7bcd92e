// One settings group being edited: the values read (`base`), the user's changes (`edits`), the backend's
// check of them (`settings_check`, ~300 ms after the last keystroke, without asking the device), its review
// against the device's values now before saving (`settings_review`: conflicts), and what the last save did.
// The page keeps one per group, so General and Services (both the `device` group) share their changes.
import type {
  AppError,
  FieldChange,
  FieldProblem,
  FieldSpec,
  SecretState,
  SettingsEditRequest,
  SettingsGroup,
  SettingsReview,
  SettingsSaved,
  SettingsSnapshot,
} from '../../lib/bindings';
import { toAppError } from '../../lib/errors';
import { rebase, withEdit, withoutEdit, type FieldValue, type Values } from './edit';

/** The backend commands an editor uses (the page passes `ipc`'s, the tests their own). */
export interface EditorBackend {
  /** The rules as the user types, without asking the device (no conflicts). */
  check(request: SettingsEditRequest): Promise<SettingsReview>;
  /** The same against the device's values now: conflicts too. */
  review(request: SettingsEditRequest): Promise<SettingsReview>;
  save(request: SettingsEditRequest): Promise<SettingsSaved>;
  reload(group: SettingsGroup): Promise<SettingsSnapshot>;
}

/** What the last save said, until the next edit. */
export type SaveNotice =
  | { kind: 'saved'; sent: FieldChange[]; different: FieldChange[] }
  | { kind: 'invalid' }
  | { kind: 'refused'; key: string | null; message: string }
  /** The save stopped: the device's values changed since they were read (`conflicts`); "Save anyway" may follow. */
  | { kind: 'conflict' }
  | { kind: 'nothing' };

export const REVIEW_DELAY_MS = 300;

export class GroupEditor {
  readonly group: SettingsGroup;
  readonly fields: readonly FieldSpec[];
  readonly #backend: EditorBackend;

  /** The values as read from the device (by field key). */
  base = $state<Values>({});
  /** Whether each write-only value is stored on the device. */
  secrets = $state<Record<string, SecretState>>({});
  /** The user's changes (by field key). */
  edits = $state<Values>({});
  /** The backend's last check or review of `edits`, or null before the first one (and when there are none). */
  review = $state<SettingsReview | null>(null);
  /** Rules broken: from the last check or review, or from a save that was refused as invalid. */
  problems = $state<FieldProblem[]>([]);
  /** Values the device changed since they were read (from the last review or save; a check does not ask). */
  conflicts = $state<FieldChange[]>([]);
  notice = $state<SaveNotice | null>(null);
  /** A check or review is on its way. */
  checking = $state(false);
  /** Why the last check or review could not be made (the device did not answer…). */
  reviewError = $state<AppError | null>(null);
  saving = $state(false);
  saveError = $state<AppError | null>(null);
  reloading = $state(false);
  reloadError = $state<AppError | null>(null);

  #timer: ReturnType<typeof setTimeout> | null = null;
  #sequence = 0;

  constructor(snapshot: SettingsSnapshot, fields: readonly FieldSpec[], backend: EditorBackend) {
    this.group = snapshot.group;
    this.fields = fields.filter((f) => f.group === snapshot.group);
    this.#backend = backend;
    this.base = { ...snapshot.values };
    this.secrets = { ...snapshot.secrets };
  }

  get changed(): number {
    return Object.keys(this.edits).length;
  }

  has(key: string): boolean {
    return key in this.edits;
  }

  /** The user set a field. */
  set(key: string, value: FieldValue): void {
    const spec = this.fields.find((f) => f.key === key);
    if (spec === undefined) return;
    this.edits = withEdit(this.base, this.edits, spec, value);
    this.#edited(key);
  }

  /** The user took a change back (a write-only value left as the device has it). */
  unset(key: string): void {
    this.edits = withoutEdit(this.edits, key);
    this.#edited(key);
  }

  /** Every change dropped; the fields show the values read again. */
  discard(): void {
    this.#cancel();
    this.edits = {};
    this.review = null;
    this.problems = [];
    this.conflicts = [];
    this.notice = null;
    this.reviewError = null;
    this.saveError = null;
  }

  #edited(key: string): void {
    const n = this.notice;
    // A refusal about this field, or the last save's result, no longer describes what is on screen.
    if (n !== null && (n.kind !== 'refused' || n.key === key || n.key === null)) this.notice = null;
    this.saveError = null;
    this.schedule();
  }

  #request(force: boolean): SettingsEditRequest {
    return { group: this.group, base: $state.snapshot(this.base), edits: $state.snapshot(this.edits), force };
  }

  #cancel(): void {
    if (this.#timer !== null) clearTimeout(this.#timer);
    this.#timer = null;
  }

  /** Checks the changes once the user paused typing (nothing to check: the last answer is dropped). */
  schedule(): void {
    this.#cancel();
    if (this.changed === 0) {
      this.#sequence++;
      this.review = null;
      this.problems = [];
      this.conflicts = [];
      this.checking = false;
      this.reviewError = null;
      return;
    }
    this.#timer = setTimeout(() => {
      this.#timer = null;
      void this.check();
    }, REVIEW_DELAY_MS);
  }

  /** Checks the changes now with the rules alone (the device is not asked). */
  check(): Promise<void> {
    return this.#ask((r) => this.#backend.check(r), false);
  }

  /** Reviews the changes against the device's values now (before saving: conflicts too). */
  reviewNow(): Promise<void> {
    return this.#ask((r) => this.#backend.review(r), true);
  }

  /** One check or review; an answer to an older request than the latest is ignored. */
  async #ask(ask: (request: SettingsEditRequest) => Promise<SettingsReview>, withDevice: boolean): Promise<void> {
    this.#cancel();
    if (this.changed === 0) return;
    const mine = ++this.#sequence;
    this.checking = true;
    try {
      const review = await ask(this.#request(false));
      if (mine !== this.#sequence) return;
      this.review = review;
      this.problems = review.problems;
      if (withDevice) this.conflicts = review.conflicts;
      this.reviewError = null;
    } catch (reason) {
      if (mine === this.#sequence) this.reviewError = toAppError(reason);
    } finally {
      if (mine === this.#sequence) this.checking = false;
    }
  }

  /**
   * Saves the edits (`force`: even though the device's values changed since they were read). Resolves to
   * the backend's answer, or null when the request failed (`saveError`) or a save was running already.
   */
  async save(force = false): Promise<SettingsSaved | null> {
    if (this.saving) return null;
    this.#cancel();
    this.#sequence++;
    this.checking = false;
    this.saving = true;
    this.saveError = null;
    try {
      const saved = await this.#backend.save(this.#request(force));
      this.#apply(saved);
      return saved;
    } catch (reason) {
      this.saveError = toAppError(reason);
      return null;
    } finally {
      this.saving = false;
    }
  }

  #apply(saved: SettingsSaved): void {
    switch (saved.outcome) {
      case 'saved':
        this.base = { ...saved.read_back.values };
        this.secrets = { ...saved.read_back.secrets };
        this.edits = {};
        this.review = null;
        this.problems = [];
        this.conflicts = [];
        this.notice = { kind: 'saved', sent: saved.sent, different: saved.different };
        break;
      case 'invalid':
        this.problems = saved.problems;
        this.notice = { kind: 'invalid' };
        break;
      case 'conflict':
        this.conflicts = saved.conflicts;
        this.notice = { kind: 'conflict' };
        break;
      case 'refused':
        this.notice = { kind: 'refused', key: saved.key, message: saved.message };
        break;
      case 'nothing_to_save':
        this.edits = {};
        this.review = null;
        this.problems = [];
        this.conflicts = [];
        this.notice = { kind: 'nothing' };
        break;
    }
  }

  /** Reads the group again: the fields show the device's values now; the user's changes stay on top. */
  async reload(): Promise<void> {
    if (this.reloading) return;
    this.reloading = true;
    this.reloadError = null;
    try {
      const snapshot = await this.#backend.reload(this.group);
      this.base = { ...snapshot.values };
      this.secrets = { ...snapshot.secrets };
      this.edits = rebase(this.base, this.edits, this.fields);
      this.conflicts = [];
      this.notice = null;
      this.schedule();
    } catch (reason) {
      this.reloadError = toAppError(reason);
    } finally {
      this.reloading = false;
    }
  }

  /** The page is closing: no review fires after it. */
  dispose(): void {
    this.#cancel();
    this.#sequence++;
  }
}
