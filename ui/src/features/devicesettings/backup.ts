// A settings backup in words before it is restored: which parts it holds, which write-only values it
// cannot hold and which of those a restore can set, and the request that sets only what was typed.
import type { FieldSpec, RestoreReport, RestoreRequest, SettingsBackup, SettingsGroup } from '../../lib/bindings';
import { m } from '../../lib/i18n';
import { isSecret } from './edit';

const GROUP_LABELS: Record<SettingsGroup, () => string> = {
  device: m.ds_group_device,
  meter: m.ds_group_meter,
  wifi: () => 'Wi-Fi',
  eth: m.ds_group_eth,
  mqtt: m.ds_group_mqtt,
};

/** Write-only values outside the catalogue, named for people. */
const OTHER_SECRETS: Record<string, () => string> = {
  'device.system.password': m.ds_secret_device_password,
  'mqtt.client.key': m.ds_secret_mqtt_client_key,
};

/** A group's name in a backup ("device", "eth") in words. */
export function groupLabel(name: string): string {
  return name in GROUP_LABELS ? GROUP_LABELS[name as SettingsGroup]() : name;
}

/** A write-only value's key in words (its catalogue label, else a known name, else the key). */
export function secretName(key: string, fields: readonly FieldSpec[]): string {
  return fields.find((f) => f.key === key)?.label ?? OTHER_SECRETS[key]?.() ?? key;
}

/**
 * The write-only values a restore can set: catalogue secrets the backup lacks, of groups it holds. The
 * device password is changed under Protection, the MQTT client key with its certificate.
 */
export function restorableSecrets(backup: SettingsBackup, fields: readonly FieldSpec[]): FieldSpec[] {
  return fields.filter((f) => isSecret(f) && backup.secrets_not_included.includes(f.key) && f.group in backup.groups);
}

/** The restore request: only the values the user typed (an empty one is left unchanged on the device). */
export function restoreRequest(backup: SettingsBackup, typed: Record<string, string>): RestoreRequest {
  const secrets: Record<string, string> = {};
  for (const [key, value] of Object.entries(typed)) if (value !== '') secrets[key] = value;
  return { backup, secrets };
}

/** Whether the report has anything to look at beyond "restored". */
export function restoreIsClean(r: RestoreReport): boolean {
  return r.skipped.length === 0 && r.different.length === 0;
}
