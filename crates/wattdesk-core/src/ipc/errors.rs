//! Every error the UI can receive: `{code, message, said?}`. [`ErrorCode`] is the only list of codes; it is
//! exported to TypeScript, so a `switch` over `AppError.code` in the UI is checked by the compiler.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// What went wrong, for the UI to branch on. The protocol crate's codes (`whatwatt::Error::code`)
/// are spelled the same (a test checks every one of them).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum ErrorCode {
    // The device.
    /// No connection could be made (host down, wrong address, refused, unknown name).
    Unreachable,
    /// Connected, but no answer in time.
    Timeout,
    PasswordRequired,
    WrongPassword,
    /// The function needs a PLUS licence on the device.
    LicenseRequired,
    NotFound,
    /// The device refused the values; the message is the device's own.
    BadRequest,
    /// The body is larger than the device accepts (refused before sending).
    PayloadTooLarge,
    /// The device's service is busy or absent (e.g. no SD card).
    ServiceUnavailable,
    /// Another unexpected HTTP status.
    HttpStatus,
    /// The device answered something WattDesk cannot read.
    InvalidResponse,
    InvalidAddress,
    /// No device on the network has that name.
    UnknownHost,
    /// Something answers at that port, but not in HTTP (an MQTT broker, another service).
    NotHttp,
    MalformedEvent,
    OversizedEvent,
    StreamBroken,
    /// mDNS could not be started.
    Mdns,
    /// Something answered at that address, but it is not a whatwatt Go.
    NotWhatwatt,
    /// A whatwatt Go answered, but not the saved meter (another id).
    NotThisMeter,

    // The app.
    AlreadyAdded,
    /// A value the user gave is not acceptable; the message says which and why.
    InvalidInput,
    /// Storage, keychain or another fault on this computer.
    Internal,
    /// The private file of saved passwords can be read by other users; it is not used.
    SecretsExposed,
    /// The device asked for the password in clear text where WattDesk refuses to send it so.
    BasicRefused,
    /// The history file cannot be used (disk full, read-only, from a newer WattDesk); live
    /// readings go on.
    HistoryUnavailable,

    // MQTT brokers.
    BrokerUrl,
    BrokerTopic,
    BrokerAuth,
    BrokerRefused,
    BrokerTls,
    BrokerUnreachable,
    BrokerOversized,
    BrokerLost,
    /// A saved broker cannot be deleted while meters listen through it.
    BrokerInUse,

    // Setting up a new meter.
    /// The device could not join the Wi-Fi network (wrong password, not in range, 5 GHz only).
    WifiJoinFailed,
    /// The device did not show up on the home network after its network settings.
    DeviceLost,
    /// The WPS window ended without a pairing.
    WpsFailed,
    /// The meter link did not come up; the message says what to do at the meter.
    MeterNotReady,
    /// The meter does not accept the DLMS key.
    MeterKeyWrong,
    /// The user cancelled the setup.
    Cancelled,

    // Sharing.
    /// A port WattDesk should listen on is taken by another program (or not allowed).
    PortInUse,
    /// Sharing with other devices, or asking for a token, needs a token first.
    TokenRequired,
}

impl ErrorCode {
    /// The code spelled as text (`"wrong_password"`) back to its variant; `Internal` for a code
    /// this build does not know.
    pub fn parse(code: &str) -> ErrorCode {
        serde_json::from_value(serde_json::Value::String(code.to_owned()))
            .unwrap_or(ErrorCode::Internal)
    }
}

impl std::fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match serde_json::to_value(self) {
            Ok(serde_json::Value::String(s)) => f.write_str(&s),
            _ => f.write_str("internal"),
        }
    }
}

/// What the UI receives for any failed command.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct AppError {
    pub code: ErrorCode,
    /// In English: for the CLI, logs and a technical detail.
    pub message: String,
    /// The same sentence by its catalogue key, where the backend has it in the user's language
    /// (a value's rule); the window then says it so instead of a general line for the code.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub said: Option<crate::ipc::Said>,
}

impl std::fmt::Display for AppError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.code, self.message)
    }
}

impl std::error::Error for AppError {}
