//! What a payload field means: the quantities a reading has, and the mappings from payload keys to them.

use super::PayloadFormat;

/// WattDesk's compact template (≤ 1023 characters, numbers unquoted, text quoted): everything the live
/// view needs. Set on the device by the MQTT setup; decoded by [`Mapping::wattdesk`].
pub const WATTDESK_TEMPLATE: &str = concat!(
    r#"{"id":"${sys.id}","t":${timestamp},"tariff":${tariff},"#,
    r#""p_in":${1_7_0},"p_out":${2_7_0},"#,
    r#""p1_in":${21_7_0},"p2_in":${41_7_0},"p3_in":${61_7_0},"#,
    r#""p1_out":${22_7_0},"p2_out":${42_7_0},"p3_out":${62_7_0},"#,
    r#""q_in":${3_7_0},"q_out":${4_7_0},"#,
    r#""v1":${32_7_0},"v2":${52_7_0},"v3":${72_7_0},"#,
    r#""i1":${31_7_0},"i2":${51_7_0},"i3":${71_7_0},"pf":${13_7_0},"#,
    r#""e_in":${1_8_0},"e_in_t1":${1_8_1},"e_in_t2":${1_8_2},"#,
    r#""e_out":${2_8_0},"e_out_t1":${2_8_1},"e_out_t2":${2_8_2},"#,
    r#""qe_in":${3_8_0},"qe_out":${4_8_0}}"#
);

/// The vendor Home Assistant integration's template (whatwatt-ch/home-assistant-integration,
/// `custom_components/whatwatt/README.md`, step 2): a flat object, every value quoted. Decoded by
/// [`Mapping::home_assistant`].
pub const HOME_ASSISTANT_TEMPLATE: &str = concat!(
    r#"{"sys_id":"${sys.id}","meter_id":"${meter.id}","time":"${timestamp}","#,
    r#""power_in":"${1_7_0}","power_out":"${2_7_0}","#,
    r#""power_in_l1":"${21_7_0}","power_in_l2":"${41_7_0}","power_in_l3":"${61_7_0}","#,
    r#""power_out_l1":"${22_7_0}","power_out_l2":"${42_7_0}","power_out_l3":"${62_7_0}","#,
    r#""energy_in":"${1_8_0}","energy_out":"${2_8_0}","#,
    r#""energy_in_t1":"${1_8_1}","energy_in_t2":"${1_8_2}","#,
    r#""energy_out_t1":"${2_8_1}","energy_out_t2":"${2_8_2}","#,
    r#""voltage_l1":"${32_7_0}","voltage_l2":"${52_7_0}","voltage_l3":"${72_7_0}","#,
    r#""current_l1":"${31_7_0}","current_l2":"${51_7_0}","current_l3":"${71_7_0}","#,
    r#""power_factor":"${13_7_0}","apparent_power":"${9_7_0}","#,
    r#""reactive_power_in":"${3_7_0}","reactive_power_out":"${4_7_0}","#,
    r#""reactive_energy_in":"${3_8_0}","reactive_energy_out":"${4_8_0}","#,
    r#""tariff":"${tariff}"}"#
);

/// A reading quantity a payload field can fill.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Quantity {
    /// The report's time. Decoded the same way as [`Quantity::IsoTime`]: Unix seconds (a number or a
    /// numeric string, what `${timestamp}` renders) or an ISO-8601 / RFC 3339 text with `Z` or an offset.
    UnixTime,
    /// The report's time; see [`Quantity::UnixTime`] (both labels accept both forms). Text ending in `Z`
    /// is taken as UTC, though devices label some local times that way (see
    /// [`crate::models::report::Report::date_time`]): `${timestamp}` is the safe variable.
    IsoTime,
    Tariff,
    PowerImportKw,
    PowerExportKw,
    PowerImportL1Kw,
    PowerImportL2Kw,
    PowerImportL3Kw,
    PowerExportL1Kw,
    PowerExportL2Kw,
    PowerExportL3Kw,
    ReactiveImportKvar,
    ReactiveExportKvar,
    ApparentPowerKva,
    VoltageL1V,
    VoltageL2V,
    VoltageL3V,
    CurrentL1A,
    CurrentL2A,
    CurrentL3A,
    PowerFactor,
    EnergyImportKwh,
    EnergyImportT1Kwh,
    EnergyImportT2Kwh,
    EnergyExportKwh,
    EnergyExportT1Kwh,
    EnergyExportT2Kwh,
    ReactiveEnergyImportKvarh,
    ReactiveEnergyExportKvarh,
}

impl Quantity {
    /// True for what the meter measures; false for the report's time and tariff, which alone do not
    /// make a reading.
    pub fn is_measurement(self) -> bool {
        !matches!(
            self,
            Quantity::UnixTime | Quantity::IsoTime | Quantity::Tariff
        )
    }

    /// The quantity a device template variable carries (docs: 30-mqtt/variables.md).
    pub fn of_variable(variable: &str) -> Option<Quantity> {
        use Quantity::*;
        Some(match variable {
            "timestamp" => UnixTime,
            "tariff" => Tariff,
            "1_7_0" => PowerImportKw,
            "2_7_0" => PowerExportKw,
            "21_7_0" => PowerImportL1Kw,
            "41_7_0" => PowerImportL2Kw,
            "61_7_0" => PowerImportL3Kw,
            "22_7_0" => PowerExportL1Kw,
            "42_7_0" => PowerExportL2Kw,
            "62_7_0" => PowerExportL3Kw,
            "3_7_0" => ReactiveImportKvar,
            "4_7_0" => ReactiveExportKvar,
            "9_7_0" => ApparentPowerKva,
            "32_7_0" => VoltageL1V,
            "52_7_0" => VoltageL2V,
            "72_7_0" => VoltageL3V,
            "31_7_0" => CurrentL1A,
            "51_7_0" => CurrentL2A,
            "71_7_0" => CurrentL3A,
            "13_7_0" => PowerFactor,
            "1_8_0" => EnergyImportKwh,
            "1_8_1" => EnergyImportT1Kwh,
            "1_8_2" => EnergyImportT2Kwh,
            "2_8_0" => EnergyExportKwh,
            "2_8_1" => EnergyExportT1Kwh,
            "2_8_2" => EnergyExportT2Kwh,
            "3_8_0" => ReactiveEnergyImportKvarh,
            "4_8_0" => ReactiveEnergyExportKvarh,
            _ => return None,
        })
    }
}

/// Which top-level payload key fills which quantity.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Mapping(pub Vec<(String, Quantity)>);

impl Mapping {
    /// For [`WATTDESK_TEMPLATE`].
    pub fn wattdesk() -> Mapping {
        use Quantity::*;
        Mapping::from_pairs(&[
            ("t", UnixTime),
            ("tariff", Tariff),
            ("p_in", PowerImportKw),
            ("p_out", PowerExportKw),
            ("p1_in", PowerImportL1Kw),
            ("p2_in", PowerImportL2Kw),
            ("p3_in", PowerImportL3Kw),
            ("p1_out", PowerExportL1Kw),
            ("p2_out", PowerExportL2Kw),
            ("p3_out", PowerExportL3Kw),
            ("q_in", ReactiveImportKvar),
            ("q_out", ReactiveExportKvar),
            ("v1", VoltageL1V),
            ("v2", VoltageL2V),
            ("v3", VoltageL3V),
            ("i1", CurrentL1A),
            ("i2", CurrentL2A),
            ("i3", CurrentL3A),
            ("pf", PowerFactor),
            ("e_in", EnergyImportKwh),
            ("e_in_t1", EnergyImportT1Kwh),
            ("e_in_t2", EnergyImportT2Kwh),
            ("e_out", EnergyExportKwh),
            ("e_out_t1", EnergyExportT1Kwh),
            ("e_out_t2", EnergyExportT2Kwh),
            ("qe_in", ReactiveEnergyImportKvarh),
            ("qe_out", ReactiveEnergyExportKvarh),
        ])
    }

    /// For the vendor Home Assistant integration's template ([`HOME_ASSISTANT_TEMPLATE`]): a flat object
    /// of quoted strings.
    pub fn home_assistant() -> Mapping {
        use Quantity::*;
        Mapping::from_pairs(&[
            ("time", UnixTime),
            ("tariff", Tariff),
            ("power_in", PowerImportKw),
            ("power_out", PowerExportKw),
            ("power_in_l1", PowerImportL1Kw),
            ("power_in_l2", PowerImportL2Kw),
            ("power_in_l3", PowerImportL3Kw),
            ("power_out_l1", PowerExportL1Kw),
            ("power_out_l2", PowerExportL2Kw),
            ("power_out_l3", PowerExportL3Kw),
            ("energy_in", EnergyImportKwh),
            ("energy_out", EnergyExportKwh),
            ("energy_in_t1", EnergyImportT1Kwh),
            ("energy_in_t2", EnergyImportT2Kwh),
            ("energy_out_t1", EnergyExportT1Kwh),
            ("energy_out_t2", EnergyExportT2Kwh),
            ("voltage_l1", VoltageL1V),
            ("voltage_l2", VoltageL2V),
            ("voltage_l3", VoltageL3V),
            ("current_l1", CurrentL1A),
            ("current_l2", CurrentL2A),
            ("current_l3", CurrentL3A),
            ("power_factor", PowerFactor),
            ("apparent_power", ApparentPowerKva),
            ("reactive_power_in", ReactiveImportKvar),
            ("reactive_power_out", ReactiveExportKvar),
            ("reactive_energy_in", ReactiveEnergyImportKvarh),
            ("reactive_energy_out", ReactiveEnergyExportKvarh),
        ])
    }

    /// The built-in mapping whose format the payload is in, recognised from its top-level keys (see
    /// [`PayloadFormat::detect`]); `None` for any other payload.
    pub fn detect(payload: &[u8]) -> Option<Mapping> {
        PayloadFormat::detect(payload).map(PayloadFormat::mapping)
    }

    fn from_pairs(pairs: &[(&str, Quantity)]) -> Mapping {
        Mapping(pairs.iter().map(|(k, q)| ((*k).to_owned(), *q)).collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every key of `mapping` is in `template`, holding a variable of the quantity the mapping says.
    fn mapping_covers(template: &str, mapping: &Mapping) {
        for (k, q) in &mapping.0 {
            let at = template
                .find(&format!("\"{k}\":"))
                .unwrap_or_else(|| panic!("{k} is not in the template"));
            let rest = &template[at..];
            let var =
                &rest[rest.find("${").expect("placeholder") + 2..rest.find('}').expect("end")];
            assert_eq!(Quantity::of_variable(var), Some(*q), "{k} = ${{{var}}}");
        }
    }

    #[test]
    fn template_fits_the_device_limit() {
        for t in [WATTDESK_TEMPLATE, HOME_ASSISTANT_TEMPLATE] {
            assert!(t.chars().count() <= 1023, "{}", t.len());
        }
        mapping_covers(WATTDESK_TEMPLATE, &Mapping::wattdesk());
        mapping_covers(HOME_ASSISTANT_TEMPLATE, &Mapping::home_assistant());
        // The other way round: every placeholder of the templates is mapped, except the ids.
        for (t, m) in [
            (WATTDESK_TEMPLATE, Mapping::wattdesk()),
            (HOME_ASSISTANT_TEMPLATE, Mapping::home_assistant()),
        ] {
            let keys = t.matches("\":").count();
            let ids = ["\"id\":", "\"sys_id\":", "\"meter_id\":"]
                .iter()
                .filter(|k| t.contains(*k))
                .count();
            assert_eq!(m.0.len(), keys - ids, "{t}");
        }
    }

    #[test]
    fn time_and_tariff_are_not_measurements() {
        use Quantity::*;
        assert!(!UnixTime.is_measurement() && !IsoTime.is_measurement());
        assert!(!Tariff.is_measurement());
        assert!(PowerImportKw.is_measurement() && PowerFactor.is_measurement());
    }
}
