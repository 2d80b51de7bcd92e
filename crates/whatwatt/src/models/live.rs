//! The JSON payload of an SSE `live` event on `/api/v1/live`. Units: kW, kvar, kWh, kvarh, V, A;
//! `Uptime` is in hours. Fields a meter does not provide are simply absent.

use crate::lenient::{opt_f64, opt_string, opt_u32};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct LiveEvent {
    #[serde(
        rename = "P_In",
        deserialize_with = "opt_f64",
        skip_serializing_if = "Option::is_none"
    )]
    pub p_in: Option<f64>,
    #[serde(
        rename = "P_Out",
        deserialize_with = "opt_f64",
        skip_serializing_if = "Option::is_none"
    )]
    pub p_out: Option<f64>,
    #[serde(
        rename = "P_P1_In",
        deserialize_with = "opt_f64",
        skip_serializing_if = "Option::is_none"
    )]
    pub p_p1_in: Option<f64>,
    #[serde(
        rename = "P_P2_In",
        deserialize_with = "opt_f64",
        skip_serializing_if = "Option::is_none"
    )]
    pub p_p2_in: Option<f64>,
    #[serde(
        rename = "P_P3_In",
        deserialize_with = "opt_f64",
        skip_serializing_if = "Option::is_none"
    )]
    pub p_p3_in: Option<f64>,
    #[serde(
        rename = "P_P1_Out",
        deserialize_with = "opt_f64",
        skip_serializing_if = "Option::is_none"
    )]
    pub p_p1_out: Option<f64>,
    #[serde(
        rename = "P_P2_Out",
        deserialize_with = "opt_f64",
        skip_serializing_if = "Option::is_none"
    )]
    pub p_p2_out: Option<f64>,
    #[serde(
        rename = "P_P3_Out",
        deserialize_with = "opt_f64",
        skip_serializing_if = "Option::is_none"
    )]
    pub p_p3_out: Option<f64>,
    /// Maximum demand A+ (kW).
    #[serde(
        rename = "P_P_In",
        deserialize_with = "opt_f64",
        skip_serializing_if = "Option::is_none"
    )]
    pub p_p_in: Option<f64>,
    #[serde(
        rename = "P_P_In_T1",
        deserialize_with = "opt_f64",
        skip_serializing_if = "Option::is_none"
    )]
    pub p_p_in_t1: Option<f64>,
    #[serde(
        rename = "P_P_In_T2",
        deserialize_with = "opt_f64",
        skip_serializing_if = "Option::is_none"
    )]
    pub p_p_in_t2: Option<f64>,
    #[serde(
        rename = "rP_In",
        deserialize_with = "opt_f64",
        skip_serializing_if = "Option::is_none"
    )]
    pub rp_in: Option<f64>,
    #[serde(
        rename = "rP_Out",
        deserialize_with = "opt_f64",
        skip_serializing_if = "Option::is_none"
    )]
    pub rp_out: Option<f64>,
    #[serde(
        rename = "rP_P1_In",
        deserialize_with = "opt_f64",
        skip_serializing_if = "Option::is_none"
    )]
    pub rp_p1_in: Option<f64>,
    #[serde(
        rename = "rP_P2_In",
        deserialize_with = "opt_f64",
        skip_serializing_if = "Option::is_none"
    )]
    pub rp_p2_in: Option<f64>,
    #[serde(
        rename = "rP_P3_In",
        deserialize_with = "opt_f64",
        skip_serializing_if = "Option::is_none"
    )]
    pub rp_p3_in: Option<f64>,
    #[serde(
        rename = "rP_P1_Out",
        deserialize_with = "opt_f64",
        skip_serializing_if = "Option::is_none"
    )]
    pub rp_p1_out: Option<f64>,
    #[serde(
        rename = "rP_P2_Out",
        deserialize_with = "opt_f64",
        skip_serializing_if = "Option::is_none"
    )]
    pub rp_p2_out: Option<f64>,
    #[serde(
        rename = "rP_P3_Out",
        deserialize_with = "opt_f64",
        skip_serializing_if = "Option::is_none"
    )]
    pub rp_p3_out: Option<f64>,
    #[serde(
        rename = "PF",
        deserialize_with = "opt_f64",
        skip_serializing_if = "Option::is_none"
    )]
    pub pf: Option<f64>,
    #[serde(
        rename = "I_P1",
        deserialize_with = "opt_f64",
        skip_serializing_if = "Option::is_none"
    )]
    pub i_p1: Option<f64>,
    #[serde(
        rename = "I_P2",
        deserialize_with = "opt_f64",
        skip_serializing_if = "Option::is_none"
    )]
    pub i_p2: Option<f64>,
    #[serde(
        rename = "I_P3",
        deserialize_with = "opt_f64",
        skip_serializing_if = "Option::is_none"
    )]
    pub i_p3: Option<f64>,
    #[serde(
        rename = "V_P1",
        deserialize_with = "opt_f64",
        skip_serializing_if = "Option::is_none"
    )]
    pub v_p1: Option<f64>,
    #[serde(
        rename = "V_P2",
        deserialize_with = "opt_f64",
        skip_serializing_if = "Option::is_none"
    )]
    pub v_p2: Option<f64>,
    #[serde(
        rename = "V_P3",
        deserialize_with = "opt_f64",
        skip_serializing_if = "Option::is_none"
    )]
    pub v_p3: Option<f64>,
    #[serde(
        rename = "E_In",
        deserialize_with = "opt_f64",
        skip_serializing_if = "Option::is_none"
    )]
    pub e_in: Option<f64>,
    #[serde(
        rename = "E_In_T1",
        deserialize_with = "opt_f64",
        skip_serializing_if = "Option::is_none"
    )]
    pub e_in_t1: Option<f64>,
    #[serde(
        rename = "E_In_T2",
        deserialize_with = "opt_f64",
        skip_serializing_if = "Option::is_none"
    )]
    pub e_in_t2: Option<f64>,
    #[serde(
        rename = "E_Out",
        deserialize_with = "opt_f64",
        skip_serializing_if = "Option::is_none"
    )]
    pub e_out: Option<f64>,
    #[serde(
        rename = "E_Out_T1",
        deserialize_with = "opt_f64",
        skip_serializing_if = "Option::is_none"
    )]
    pub e_out_t1: Option<f64>,
    #[serde(
        rename = "E_Out_T2",
        deserialize_with = "opt_f64",
        skip_serializing_if = "Option::is_none"
    )]
    pub e_out_t2: Option<f64>,
    #[serde(
        rename = "rE_In",
        deserialize_with = "opt_f64",
        skip_serializing_if = "Option::is_none"
    )]
    pub re_in: Option<f64>,
    #[serde(
        rename = "rE_Out",
        deserialize_with = "opt_f64",
        skip_serializing_if = "Option::is_none"
    )]
    pub re_out: Option<f64>,
    #[serde(
        rename = "rEii",
        deserialize_with = "opt_f64",
        skip_serializing_if = "Option::is_none"
    )]
    pub re_ii: Option<f64>,
    #[serde(
        rename = "rEic",
        deserialize_with = "opt_f64",
        skip_serializing_if = "Option::is_none"
    )]
    pub re_ic: Option<f64>,
    #[serde(
        rename = "rEei",
        deserialize_with = "opt_f64",
        skip_serializing_if = "Option::is_none"
    )]
    pub re_ei: Option<f64>,
    #[serde(
        rename = "rEec",
        deserialize_with = "opt_f64",
        skip_serializing_if = "Option::is_none"
    )]
    pub re_ec: Option<f64>,
    /// Active tariff 1..=4, only when the meter reports it.
    #[serde(
        rename = "T",
        deserialize_with = "opt_u32",
        skip_serializing_if = "Option::is_none"
    )]
    pub tariff: Option<u32>,
    #[serde(
        rename = "Vol",
        deserialize_with = "super::null_as_empty",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub vol: Vec<LiveVolume>,
    /// Local date `YYYY-MM-DD` (no zone).
    #[serde(
        rename = "Date",
        deserialize_with = "opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub date: Option<String>,
    /// Local time `HH:MM:SS` (no zone).
    #[serde(
        rename = "Time",
        deserialize_with = "opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub time: Option<String>,
    /// Device uptime in hours.
    #[serde(
        rename = "Uptime",
        deserialize_with = "opt_f64",
        skip_serializing_if = "Option::is_none"
    )]
    pub uptime_h: Option<f64>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct LiveVolume {
    #[serde(
        rename = "Bus",
        deserialize_with = "opt_u32",
        skip_serializing_if = "Option::is_none"
    )]
    pub bus: Option<u32>,
    #[serde(
        rename = "M_ID",
        deserialize_with = "opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub meter_id: Option<String>,
    #[serde(
        rename = "DT",
        deserialize_with = "opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub date_time: Option<String>,
    #[serde(
        rename = "Cum",
        deserialize_with = "opt_f64",
        skip_serializing_if = "Option::is_none"
    )]
    pub cumulative: Option<f64>,
}
