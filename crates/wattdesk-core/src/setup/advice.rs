//! What each meter status means for the person standing at the meter (the docs list the statuses
//! without explaining them; these readings of them are WattDesk's, see the simulator's meter/link.rs).

use whatwatt::MeterStatus;

pub fn advice(status: &MeterStatus) -> &'static str {
    match status {
        MeterStatus::Ok => "The meter is talking to the device.",
        MeterStatus::NotConnected | MeterStatus::NoInit => {
            "The device does not see the meter: plug its cable firmly into the meter's customer port (P1, M-Bus or MEP)."
        }
        MeterStatus::NoData => {
            "The cable is in, but the meter sends nothing: the customer port may still be closed. Ask your grid operator to open it."
        }
        MeterStatus::Recognition => "The device is working out how the meter talks. This takes a few seconds.",
        MeterStatus::KeyRequired => {
            "The meter encrypts its data: enter the encryption key (32 characters) from your grid operator's letter."
        }
        MeterStatus::EncryptionKey => {
            "The key does not unlock the meter's data: check it against your grid operator's letter (and the authentication key if they gave one)."
        }
        MeterStatus::NotRecognized => {
            "The device cannot tell what kind of meter this is: choose the interface and protocol by hand."
        }
        MeterStatus::Other(_) => "The device reports a status WattDesk does not know; wait a moment.",
    }
}
