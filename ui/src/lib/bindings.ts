// The IPC contract with the Rust side. Every import of these types goes through this file.
//
// The shapes are generated from Rust by ts-rs into ./bindings/*.ts (owned by the Rust side; `cargo test`
// regenerates them and CI fails when they are stale). This file only re-exports them, so a change on
// the Rust side shows up here as a type error instead of a runtime surprise.

import type { DiscoveryEvent } from './bindings/DiscoveryEvent';
import type { MeterView } from './bindings/MeterView';

export type { AddMeterRequest } from './bindings/AddMeterRequest';
export type { AppError } from './bindings/AppError';
export type { AppInfo } from './bindings/AppInfo';
export type { BrokerRequest } from './bindings/BrokerRequest';
export type { BrokerView } from './bindings/BrokerView';
export type { Comparison } from './bindings/Comparison';
export type { DayStart } from './bindings/DayStart';
export type { DeviceMqttRequest } from './bindings/DeviceMqttRequest';
export type { DeviceMqttStatus } from './bindings/DeviceMqttStatus';
export type { DeviceMqttView } from './bindings/DeviceMqttView';
export type { DiscoveredView } from './bindings/DiscoveredView';
export type { DiscoveryEvent } from './bindings/DiscoveryEvent';
export type { Health } from './bindings/Health';
export type { LiveBatch } from './bindings/LiveBatch';
export type { LiveSample } from './bindings/LiveSample';
export type { MappingChoice } from './bindings/MappingChoice';
export type { MappingGuess } from './bindings/MappingGuess';
export type { MappingSuggestion } from './bindings/MappingSuggestion';
export type { MdnsMode } from './bindings/MdnsMode';
export type { MeterLinkRequest } from './bindings/MeterLinkRequest';
export type { MeterLinkView } from './bindings/MeterLinkView';
export type { MeterMqtt } from './bindings/MeterMqtt';
export type { MeterView } from './bindings/MeterView';
export type { PayloadProblem } from './bindings/PayloadProblem';
export type { PemChange } from './bindings/PemChange';
export type { ProbeView } from './bindings/ProbeView';
export type { SecretBackend } from './bindings/SecretBackend';
export type { SessionState } from './bindings/SessionState';
export type { TemplatePreview } from './bindings/TemplatePreview';
export type { Transport } from './bindings/Transport';
export type { TransportChoice } from './bindings/TransportChoice';
export type { TransportFigures } from './bindings/TransportFigures';

/** Error codes the UI branches on (`AppError.code`). Other codes may arrive; treat them as generic. */
export type KnownErrorCode =
  | 'unreachable'
  | 'timeout'
  | 'not_whatwatt'
  | 'password_required'
  | 'wrong_password'
  | 'already_added'
  | 'invalid_address'
  | 'not_found'
  | 'license_required'
  | 'invalid_input'
  | 'broker_in_use'
  | 'broker_auth'
  | 'broker_tls'
  | 'broker_unreachable'
  | 'broker_refused'
  | 'broker_url'
  | 'internal';

/** Event names (`listen`) and their payloads. */
export interface EventPayloads {
  discovery: DiscoveryEvent;
  'meters-changed': MeterView[];
}
