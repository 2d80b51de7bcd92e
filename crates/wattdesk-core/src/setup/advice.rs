//! What each meter status means for the person standing at the meter (the docs list the statuses
//! without explaining them; these readings of them are WattDesk's, see the simulator's meter/link.rs).
//! The sentences are the UI catalogue's (`setup_advice_*`), so the window says them in the user's
//! language; here they are English, for errors, the CLI and logs.

use crate::i18n;
use crate::ipc::Language;
use whatwatt::MeterStatus;

/// The catalogue key of what `status` asks of the user.
pub fn advice_key(status: &MeterStatus) -> &'static str {
    match status {
        MeterStatus::Ok => "setup_advice_ok",
        MeterStatus::NotConnected | MeterStatus::NoInit => "setup_advice_no_meter",
        MeterStatus::NoData => "setup_advice_no_data",
        MeterStatus::Recognition => "setup_advice_recognition",
        MeterStatus::KeyRequired => "setup_advice_key_required",
        MeterStatus::EncryptionKey => "setup_advice_wrong_key",
        MeterStatus::NotRecognized => "setup_advice_not_recognized",
        MeterStatus::Other(_) => "setup_advice_unknown",
    }
}

/// What `status` asks of the user, in English.
pub fn advice(status: &MeterStatus) -> String {
    i18n::t(Language::En, advice_key(status), &[])
}
