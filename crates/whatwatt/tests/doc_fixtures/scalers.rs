//! `/api/v1/meter/scalers/current` and `/custom`.

use crate::helpers::*;
use whatwatt::models::scalers::Scaler;

#[test]
fn scalers_current_doc_example() {
    let s: Vec<Scaler> = parse("scalers_current.json", SCALERS_CURRENT);
    assert_eq!(s.len(), 12);
    let obis: Vec<&str> = s.iter().map(|x| x.obis.as_str()).collect();
    assert_eq!(
        obis,
        [
            "1.8.0", "2.8.0", "3.8.0", "4.8.0", "1.7.0", "2.7.0", "32.7.0", "52.7.0", "72.7.0",
            "31.7.0", "51.7.0", "71.7.0"
        ]
    );
    assert!(s[..9].iter().all(|x| x.scaler == Some(0)));
    assert!(s[9..].iter().all(|x| x.scaler == Some(-2)));
}

#[test]
fn scalers_custom_doc_example() {
    let s: Vec<Scaler> = parse("scalers_custom.json", SCALERS_CUSTOM);
    assert_eq!(
        s,
        vec![
            Scaler {
                obis: "1.7.0".into(),
                scaler: Some(-1)
            },
            Scaler {
                obis: "2.7.0".into(),
                scaler: Some(-1)
            },
        ]
    );
}
