//! The `/sdcard/` listing and the CSV files.

use crate::helpers::*;
use whatwatt::models::sdcard::{parse_csv, DirectoryListing, CSV_COLUMNS};
use whatwatt::MeterStatus;

#[test]
fn sdcard_listing_doc_example() {
    let l: DirectoryListing = parse("sdcard_listing.json", SD_LISTING);
    assert_eq!(l.path, "/sdcard/");
    assert_eq!(l.files.len(), 3);
    let csv = &l.files[0];
    assert_eq!(csv.name, "20240929.CSV");
    assert_eq!(csv.size, Some(1_161_385));
    assert_eq!(csv.kind, "file");
    assert!(!csv.is_dir());
    let dir = &l.files[1];
    assert_eq!(dir.name, "SYSTEM~1");
    assert_eq!(dir.size, Some(0));
    assert!(dir.is_dir());
    assert_eq!(l.files[2].name, "NIHAO.TXT");
    assert_eq!(l.files[2].size, Some(13));
    assert!(!l.files[2].is_dir());
}

#[test]
fn sdcard_listing_usage_examples_page() {
    let l: DirectoryListing = parse("sdcard_listing_usage_examples.json", SD_LISTING_USAGE);
    assert_eq!(l.path, "/sdcard/");
    let names: Vec<&str> = l.files.iter().map(|f| f.name.as_str()).collect();
    assert_eq!(names, ["NIHAO.TXT", "SYSTEM~1", "20240924.CSV"]);
    assert_eq!(l.files[2].size, Some(493_074));
    assert_eq!(
        l.files.iter().map(|f| f.is_dir()).collect::<Vec<_>>(),
        [false, true, false]
    );
}

#[test]
fn sdcard_listing_openapi_example() {
    let l: DirectoryListing = parse("openapi_sdcard_listing.json", OAS_SD_LISTING);
    assert_eq!(l.path, "/");
    assert_eq!(l.files.len(), 2);
    assert_eq!(
        (
            l.files[0].name.as_str(),
            l.files[0].size,
            l.files[0].is_dir()
        ),
        ("log.csv", Some(1234), false)
    );
    assert_eq!(
        (
            l.files[1].name.as_str(),
            l.files[1].size,
            l.files[1].is_dir()
        ),
        ("data/", Some(0), true)
    );
}

#[test]
fn sdcard_csv_doc_sample() {
    let header: Vec<&str> = SD_CSV.lines().next().expect("header").split(',').collect();
    assert_eq!(
        header, CSV_COLUMNS,
        "CSV_COLUMNS follows the documented header"
    );

    let rows = parse_csv(SD_CSV).expect("documented CSV sample parses");
    assert_eq!(rows.len(), 2);
    let r = &rows[0];
    assert_eq!(r.RID, Some(3093));
    assert_eq!(r.TIME.as_deref(), Some("2025-10-07T20:21:11Z"));
    assert_eq!(r.MID.as_deref().unwrap_or_default(), "");
    assert_eq!(r.MSTAT.as_deref(), Some("OK"));
    assert_eq!(
        MeterStatus::parse(r.MSTAT.as_deref().expect("MSTAT")),
        MeterStatus::Ok
    );
    assert_eq!(r.TARIFF, Some(2));
    assert_eq!(r.PF, None);
    assert_eq!(r.EAP_T, Some(75.133));
    assert_eq!((r.EAP_T1, r.EAP_T2), (None, None));
    assert_eq!(r.EAN_T, Some(25.414));
    assert_eq!(r.ERP_T, Some(82.328));
    assert_eq!(r.ERN_T, Some(19.481));
    assert_eq!((r.MDAP_T, r.MDAN_T), (None, None));
    assert_eq!(r.IPAP_T, Some(0.0));
    assert_eq!(
        [r.IPAP_L1, r.IPAP_L2, r.IPAP_L3, r.IPAN_T, r.IPAN_L1],
        [Some(0.0); 5]
    );
    assert_eq!(r.IPRP_T, None, "empty column");
    assert_eq!(r.IPRN_T, None, "empty column");
    assert_eq!(r.IPA_T, None, "empty column");
    assert_eq!(r.V_L1, Some(234.0));
    assert_eq!((r.V_L2, r.V_L3), (Some(0.0), Some(0.0)));
    assert_eq!([r.I_L1, r.I_L2, r.I_L3], [Some(0.0); 3]);
    assert_eq!(r.MIDENT.as_deref(), Some("LGZ1030784855204"));
    assert_eq!(r.MMODEL.as_deref().unwrap_or_default(), "");
    assert_eq!(r.MIF.as_deref(), Some("MBUS"));
    assert_eq!(r.MPROT.as_deref(), Some("DLMS"));
    assert_eq!(r.RP, Some(6818.0));

    let r = &rows[1];
    assert_eq!(r.RID, Some(3096));
    assert_eq!(r.TIME.as_deref(), Some("2025-10-07T20:21:31Z"));
    assert_eq!(r.EAP_T, Some(75.133));
    assert_eq!(r.V_L1, Some(235.0));
    assert_eq!(r.RP, Some(6786.0));
}

#[test]
fn csv_with_other_columns_still_parses() {
    // Reordered, missing and unknown columns (another firmware version).
    let text = "RP,NEW_COLUMN,RID,V_L1,EAP_T\n6818,\"whatever\",3093,234,75.133\n";
    let rows = parse_csv(text).expect("CSV with other columns");
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].RID, Some(3093));
    assert_eq!(rows[0].EAP_T, Some(75.133));
    assert_eq!(rows[0].V_L1, Some(234.0));
    assert_eq!(rows[0].RP, Some(6818.0));
    assert_eq!((rows[0].V_L2, rows[0].TIME.as_deref()), (None, None));
}
