//! The meter link as the device reports it in `.meter.status`, as a small state machine.
//!
//! The docs list the statuses without saying what each means or when it changes (system-info). Assumed
//! here, from their names and the meter-comm page: a working meter goes `NOT CONNECTED → RECOGNITION →
//! OK`; an encrypted one stops at `KEY REQUIRED` until a key is stored and at `ENCRYPTION KEY` while the
//! stored key is not the meter's; a closed customer interface shows `NO DATA`; a meter whose interface
//! or protocol auto-detection cannot make out shows `NOT RECOGNIZED` until both are chosen by hand. The
//! device re-runs recognition whenever its meter settings change.

/// `.meter.status` values the simulator produces (the docs' spellings).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Link {
    NotConnected,
    NoData,
    Recognition,
    NotRecognized,
    KeyRequired,
    EncryptionKey,
    Ok,
}

impl Link {
    pub fn as_str(self) -> &'static str {
        match self {
            Link::NotConnected => "NOT CONNECTED",
            Link::NoData => "NO DATA",
            Link::Recognition => "RECOGNITION",
            Link::NotRecognized => "NOT RECOGNIZED",
            Link::KeyRequired => "KEY REQUIRED",
            Link::EncryptionKey => "ENCRYPTION KEY",
            Link::Ok => "OK",
        }
    }
}

/// Why a simulated meter does not come up by itself, so tests and screenshots reach every status.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MeterFault {
    /// No cable in the meter's customer port: `NOT CONNECTED` until plugged.
    Unplugged,
    /// The grid operator has not opened the customer interface: `NO DATA`.
    NoData,
    /// Auto-detection fails: `NOT RECOGNIZED` until interface and protocol are set by hand.
    Unrecognized,
}

impl MeterFault {
    pub fn named(name: &str) -> Option<MeterFault> {
        match name {
            "unplugged" => Some(MeterFault::Unplugged),
            "no-data" => Some(MeterFault::NoData),
            "unrecognized" => Some(MeterFault::Unrecognized),
            _ => None,
        }
    }
}

/// The stored DLMS key against the meter's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Key {
    Missing,
    Right,
    Wrong,
}

#[derive(Debug)]
pub struct LinkMachine {
    link: Link,
    /// Reports spent in the current status (each phase takes a couple of reports).
    age: u32,
    key_required: bool,
    key: Key,
    fault: Option<MeterFault>,
}

impl LinkMachine {
    pub fn new(key_required: bool, fault: Option<MeterFault>) -> LinkMachine {
        LinkMachine {
            link: Link::NotConnected,
            age: 0,
            key_required,
            key: Key::Missing,
            fault,
        }
    }

    pub fn link(&self) -> Link {
        self.link
    }

    pub fn fault(&self) -> Option<MeterFault> {
        self.fault
    }

    /// A key was stored, changed or cleared: an encrypted meter is recognised again.
    pub fn set_key(&mut self, key: Key) {
        if key != self.key {
            self.key = key;
            if self.key_required && self.link != Link::NotConnected && self.link != Link::NoData {
                self.restart(Link::Recognition);
            }
        }
    }

    /// The cable was plugged in, the interface opened, or the right interface chosen (`None`), or a
    /// fault appears; the link starts over.
    pub fn set_fault(&mut self, fault: Option<MeterFault>) {
        if fault != self.fault {
            self.fault = fault;
            self.restart(Link::NotConnected);
        }
    }

    fn restart(&mut self, link: Link) {
        self.link = link;
        self.age = 0;
    }

    /// One report interval passed; a status changes after `reports_needed` of them.
    pub fn advance(&mut self, reports_needed: u32) {
        self.age += 1;
        if self.age < reports_needed {
            return;
        }
        let next = match (self.link, self.fault) {
            (Link::NotConnected, Some(MeterFault::Unplugged)) => Link::NotConnected,
            (Link::NotConnected, Some(MeterFault::NoData)) => Link::NoData,
            (Link::NotConnected, _) => Link::Recognition,
            (Link::Recognition, Some(MeterFault::Unrecognized)) => Link::NotRecognized,
            (Link::Recognition, _) if self.key_required => match self.key {
                Key::Missing => Link::KeyRequired,
                Key::Wrong => Link::EncryptionKey,
                Key::Right => Link::Ok,
            },
            (Link::Recognition, _) => Link::Ok,
            (other, _) => other,
        };
        if next != self.link {
            self.restart(next);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(m: &mut LinkMachine, reports: u32) -> Link {
        for _ in 0..reports {
            m.advance(2);
        }
        m.link()
    }

    #[test]
    fn a_plain_meter_comes_up_through_recognition() {
        let mut m = LinkMachine::new(false, None);
        assert_eq!(run(&mut m, 2), Link::Recognition);
        assert_eq!(run(&mut m, 2), Link::Ok);
    }

    #[test]
    fn an_encrypted_meter_waits_for_the_right_key() {
        let mut m = LinkMachine::new(true, None);
        assert_eq!(run(&mut m, 10), Link::KeyRequired);
        m.set_key(Key::Wrong);
        assert_eq!(m.link(), Link::Recognition);
        assert_eq!(run(&mut m, 10), Link::EncryptionKey);
        m.set_key(Key::Right);
        assert_eq!(run(&mut m, 10), Link::Ok);
    }

    #[test]
    fn each_fault_holds_its_status_until_cleared() {
        for (fault, status) in [
            (MeterFault::Unplugged, Link::NotConnected),
            (MeterFault::NoData, Link::NoData),
            (MeterFault::Unrecognized, Link::NotRecognized),
        ] {
            let mut m = LinkMachine::new(false, Some(fault));
            assert_eq!(run(&mut m, 20), status, "{fault:?}");
            m.set_fault(None);
            assert_eq!(m.link(), Link::NotConnected);
            assert_eq!(run(&mut m, 10), Link::Ok, "{fault:?} cleared");
        }
    }
}
