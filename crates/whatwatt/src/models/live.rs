//! The JSON payload of an SSE `live` event on `/api/v1/live`. Units: kW, kvar, kWh, kvarh, V, A;
//! `Uptime` is in hours. Fields a meter does not provide are simply absent.

use crate::lenient::Lenient;
use serde::{Deserialize, Serialize};
use serde_with::{skip_serializing_none, As};

#[skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct LiveEvent {
    #[serde(rename = "P_In", with = "As::<Lenient>")]
    pub p_in: Option<f64>,
    #[serde(rename = "P_Out", with = "As::<Lenient>")]
    pub p_out: Option<f64>,
    #[serde(rename = "P_P1_In", with = "As::<Lenient>")]
    pub p_p1_in: Option<f64>,
    #[serde(rename = "P_P2_In", with = "As::<Lenient>")]
    pub p_p2_in: Option<f64>,
    #[serde(rename = "P_P3_In", with = "As::<Lenient>")]
    pub p_p3_in: Option<f64>,
    #[serde(rename = "P_P1_Out", with = "As::<Lenient>")]
    pub p_p1_out: Option<f64>,
    #[serde(rename = "P_P2_Out", with = "As::<Lenient>")]
    pub p_p2_out: Option<f64>,
    #[serde(rename = "P_P3_Out", with = "As::<Lenient>")]
    pub p_p3_out: Option<f64>,
    /// Maximum demand A+ (kW).
    #[serde(rename = "P_P_In", with = "As::<Lenient>")]
    pub p_p_in: Option<f64>,
    #[serde(rename = "P_P_In_T1", with = "As::<Lenient>")]
    pub p_p_in_t1: Option<f64>,
    #[serde(rename = "P_P_In_T2", with = "As::<Lenient>")]
    pub p_p_in_t2: Option<f64>,
    #[serde(rename = "rP_In", with = "As::<Lenient>")]
    pub rp_in: Option<f64>,
    #[serde(rename = "rP_Out", with = "As::<Lenient>")]
    pub rp_out: Option<f64>,
    #[serde(rename = "rP_P1_In", with = "As::<Lenient>")]
    pub rp_p1_in: Option<f64>,
    #[serde(rename = "rP_P2_In", with = "As::<Lenient>")]
    pub rp_p2_in: Option<f64>,
    #[serde(rename = "rP_P3_In", with = "As::<Lenient>")]
    pub rp_p3_in: Option<f64>,
    #[serde(rename = "rP_P1_Out", with = "As::<Lenient>")]
    pub rp_p1_out: Option<f64>,
    #[serde(rename = "rP_P2_Out", with = "As::<Lenient>")]
    pub rp_p2_out: Option<f64>,
    #[serde(rename = "rP_P3_Out", with = "As::<Lenient>")]
    pub rp_p3_out: Option<f64>,
    #[serde(rename = "PF", with = "As::<Lenient>")]
    pub pf: Option<f64>,
    #[serde(rename = "I_P1", with = "As::<Lenient>")]
    pub i_p1: Option<f64>,
    #[serde(rename = "I_P2", with = "As::<Lenient>")]
    pub i_p2: Option<f64>,
    #[serde(rename = "I_P3", with = "As::<Lenient>")]
    pub i_p3: Option<f64>,
    #[serde(rename = "V_P1", with = "As::<Lenient>")]
    pub v_p1: Option<f64>,
    #[serde(rename = "V_P2", with = "As::<Lenient>")]
    pub v_p2: Option<f64>,
    #[serde(rename = "V_P3", with = "As::<Lenient>")]
    pub v_p3: Option<f64>,
    #[serde(rename = "E_In", with = "As::<Lenient>")]
    pub e_in: Option<f64>,
    #[serde(rename = "E_In_T1", with = "As::<Lenient>")]
    pub e_in_t1: Option<f64>,
    #[serde(rename = "E_In_T2", with = "As::<Lenient>")]
    pub e_in_t2: Option<f64>,
    #[serde(rename = "E_Out", with = "As::<Lenient>")]
    pub e_out: Option<f64>,
    #[serde(rename = "E_Out_T1", with = "As::<Lenient>")]
    pub e_out_t1: Option<f64>,
    #[serde(rename = "E_Out_T2", with = "As::<Lenient>")]
    pub e_out_t2: Option<f64>,
    #[serde(rename = "rE_In", with = "As::<Lenient>")]
    pub re_in: Option<f64>,
    #[serde(rename = "rE_Out", with = "As::<Lenient>")]
    pub re_out: Option<f64>,
    #[serde(rename = "rEii", with = "As::<Lenient>")]
    pub re_ii: Option<f64>,
    #[serde(rename = "rEic", with = "As::<Lenient>")]
    pub re_ic: Option<f64>,
    #[serde(rename = "rEei", with = "As::<Lenient>")]
    pub re_ei: Option<f64>,
    #[serde(rename = "rEec", with = "As::<Lenient>")]
    pub re_ec: Option<f64>,
    /// Active tariff 1..=4, only when the meter reports it.
    #[serde(rename = "T", with = "As::<Lenient>")]
    pub tariff: Option<u32>,
    #[serde(
        rename = "Vol",
        deserialize_with = "super::null_as_empty",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub vol: Vec<LiveVolume>,
    /// Local date `YYYY-MM-DD` (no zone).
    #[serde(rename = "Date", with = "As::<Lenient>")]
    pub date: Option<String>,
    /// Local time `HH:MM:SS` (no zone).
    #[serde(rename = "Time", with = "As::<Lenient>")]
    pub time: Option<String>,
    /// Device uptime in hours.
    #[serde(rename = "Uptime", with = "As::<Lenient>")]
    pub uptime_h: Option<f64>,
}

#[skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct LiveVolume {
    #[serde(rename = "Bus", with = "As::<Lenient>")]
    pub bus: Option<u32>,
    #[serde(rename = "M_ID", with = "As::<Lenient>")]
    pub meter_id: Option<String>,
    #[serde(rename = "DT", with = "As::<Lenient>")]
    pub date_time: Option<String>,
    #[serde(rename = "Cum", with = "As::<Lenient>")]
    pub cumulative: Option<f64>,
}
