//! Reading what a meter publishes over MQTT, for the session and the inspector alike: with the
//! mapping the user chose, or, left on automatic, with the format recognised from the payload's keys
//! (WattDesk's template or the vendor Home Assistant template). A payload of an unknown format is
//! said once, never turned into an empty reading; a bad field is reported and the rest kept.

use whatwatt::mqtt::{decode, Mapping};
use whatwatt::{Error, Reading};

/// What became of one payload.
#[derive(Debug)]
pub enum Read {
    /// `problem`: the fields that could not be read (the others are in `reading`).
    Reading {
        reading: Box<Reading>,
        problem: Option<String>,
    },
    /// Nothing usable: why.
    Problem(String),
    /// Another payload of the format already reported as unknown.
    AgainUnknown,
}

pub const UNKNOWN_FORMAT: &str =
    "unknown format: pick or confirm a mapping (the payload matches neither WattDesk's template nor the Home Assistant template)";

#[derive(Debug, Clone)]
pub struct PayloadReader {
    chosen: Option<Mapping>,
    recognised: Option<Mapping>,
    told_unknown: bool,
}

impl PayloadReader {
    /// `chosen`: the user's mapping; `None` recognises the format per payload.
    pub fn new(chosen: Option<Mapping>) -> PayloadReader {
        PayloadReader {
            chosen,
            recognised: None,
            told_unknown: false,
        }
    }

    pub fn read(&mut self, payload: &[u8]) -> Read {
        if let Some(m) = &self.chosen {
            return done(decode(payload, m));
        }
        if let Some(m) = &self.recognised {
            match decode(payload, m) {
                Ok(d) => return done(Ok(d)),
                // The meter may have switched templates: recognise this payload afresh.
                Err(e) if Mapping::detect(payload).as_ref() == Some(m) => return done(Err(e)),
                Err(_) => self.recognised = None,
            }
        }
        match Mapping::detect(payload) {
            Some(m) => {
                let read = done(decode(payload, &m));
                self.recognised = Some(m);
                self.told_unknown = false;
                read
            }
            None => self.unknown(payload),
        }
    }

    fn unknown(&mut self, payload: &[u8]) -> Read {
        if serde_json::from_slice::<serde_json::Map<String, serde_json::Value>>(payload).is_err() {
            // Not a JSON object at all: the decoder says precisely why.
            return match decode(payload, &Mapping::wattdesk()) {
                Err(e) => Read::Problem(reason(e)),
                Ok(_) => Read::Problem(UNKNOWN_FORMAT.into()),
            };
        }
        if std::mem::replace(&mut self.told_unknown, true) {
            Read::AgainUnknown
        } else {
            Read::Problem(UNKNOWN_FORMAT.into())
        }
    }
}

fn done(decoded: whatwatt::Result<whatwatt::mqtt::Decoded>) -> Read {
    match decoded {
        Ok(d) => {
            let problem = (!d.bad_fields.is_empty()).then(|| {
                let fields: Vec<String> = d
                    .bad_fields
                    .iter()
                    .map(|b| format!("{}: {}", b.key, b.reason))
                    .collect();
                format!(
                    "kept the other fields; could not read {}",
                    fields.join("; ")
                )
            });
            Read::Reading {
                reading: Box::new(d.reading),
                problem,
            }
        }
        Err(e) => Read::Problem(reason(e)),
    }
}

fn reason(e: Error) -> String {
    match e {
        Error::MalformedEvent { reason, .. } => reason,
        other => other.to_string(),
    }
}
