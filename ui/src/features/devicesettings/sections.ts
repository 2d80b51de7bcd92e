// The sections of a meter's settings page, which catalogue fields each shows, and the section in the URL
// (`#/meter/<id>/settings/<section>`). The fields themselves come from the backend's catalogue
// (`SettingsPanel.fields`); nothing here lists them.
import type { FieldSpec, SettingsGroup, SettingsPanel, SettingsSection } from '../../lib/bindings';
import { m } from '../../lib/i18n';

export const SECTION_IDS = ['general', 'protection', 'services', 'meter', 'wifi', 'ethernet', 'mqtt', 'sdcard', 'maintenance'] as const;
export type SectionId = (typeof SECTION_IDS)[number];

export interface SectionInfo {
  id: SectionId;
  readonly label: string;
  /** One line under the section's title. */
  readonly subtitle: string;
  /** The catalogue section whose fields it shows (field sections only). */
  fields?: SettingsSection;
}

/** A section whose words are read in the current language each time they are shown. */
function section(id: SectionId, label: () => string, subtitle: () => string, fields?: SettingsSection): SectionInfo {
  return {
    id,
    get label() {
      return label();
    },
    get subtitle() {
      return subtitle();
    },
    ...(fields === undefined ? {} : { fields }),
  };
}

export const SECTIONS: readonly SectionInfo[] = [
  section('general', m.ds_section_general, m.ds_section_general_sub, 'general'),
  section('protection', m.ds_section_protection, m.ds_section_protection_sub),
  section('services', m.ds_section_services, m.ds_section_services_sub, 'services'),
  section('meter', m.ds_section_meter, m.ds_section_meter_sub, 'meter'),
  section('wifi', () => 'Wi-Fi', m.ds_section_wifi_sub, 'wifi'),
  section('ethernet', m.ds_section_ethernet, m.ds_section_ethernet_sub, 'ethernet'),
  section('mqtt', m.ds_section_mqtt, m.ds_section_mqtt_sub),
  section('sdcard', m.ds_section_sdcard, m.ds_section_sdcard_sub),
  section('maintenance', m.ds_section_maintenance, m.ds_section_maintenance_sub),
];

export function isSectionId(s: string): s is SectionId {
  return (SECTION_IDS as readonly string[]).includes(s);
}

export function sectionInfo(id: SectionId): SectionInfo {
  return SECTIONS.find((s) => s.id === id) ?? SECTIONS[0]!;
}

/** `#/meter/ID/settings/wifi` → 'wifi'; no section or an unknown one → 'general'. */
export function sectionFromHash(hash: string): SectionId {
  const m = /^#\/?meter\/[^/?#]+\/settings\/([^/?#]+)/.exec(hash);
  const id = m?.[1] ?? '';
  return isSectionId(id) ? id : 'general';
}

/** The hash of a section of a meter's settings page (the first section has none). */
export function hashForSection(deviceId: string, section: SectionId): string {
  const base = `#/meter/${encodeURIComponent(deviceId)}/settings`;
  return section === 'general' ? base : `${base}/${section}`;
}

/** The fields a section shows, in the catalogue's order: the usual ones and those under "More settings". */
export function sectionFields(fields: readonly FieldSpec[], section: SettingsSection): { basic: FieldSpec[]; advanced: FieldSpec[] } {
  const mine = fields.filter((f) => f.section === section);
  return { basic: mine.filter((f) => !f.advanced), advanced: mine.filter((f) => f.advanced) };
}

/** The settings group a catalogue section's fields belong to (General and Services share `device`). */
export function groupOfSection(fields: readonly FieldSpec[], section: SettingsSection): SettingsGroup | null {
  return fields.find((f) => f.section === section)?.group ?? null;
}

/** The catalogue sections that show fields of `group`, for saying where a change is ("General and Services"). */
export function sectionsOfGroup(fields: readonly FieldSpec[], group: SettingsGroup): SectionId[] {
  return SECTIONS.filter((s) => s.fields !== undefined && fields.some((f) => f.section === s.fields && f.group === group)).map((s) => s.id);
}

/** Why a group cannot be shown (the device does not offer it), or null. */
export function unavailableReason(panel: SettingsPanel, group: SettingsGroup | null): string | null {
  if (group === null) return null;
  return panel.unavailable.find((u) => u.group === group)?.reason ?? null;
}

/** "General and Services", "General, Services and Meter". */
export function joinLabels(labels: readonly string[]): string {
  if (labels.length <= 1) return labels[0] ?? '';
  return m.ds_join_and({ list: labels.slice(0, -1).join(', '), last: labels[labels.length - 1] ?? '' });
}
