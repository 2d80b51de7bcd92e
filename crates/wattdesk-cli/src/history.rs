//! `wattdesk-cli history`: record a meter into a history file, fill it from the meter's SD card,
//! read buckets back (NDJSON for scripts), export CSV. The app's own store code.

use crate::error::{CliError, Result};
use crate::secrets::from_env;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use wattdesk_core::ipc::TransportChoice;
use wattdesk_core::live::session::{Session, SessionConfig, SessionEvent, Timing};
use wattdesk_core::store::query::{self, Grouping};
use wattdesk_core::store::{backfill, db, export, ingest::Ingest, writer::Writer, zone, Point};
use wattdesk_core::CoreError;

#[derive(clap::Subcommand)]
pub enum Action {
    /// Record the meter's readings into FILE until Ctrl-C / SIGTERM (or --seconds).
    Record {
        address: String,
        #[arg(long)]
        db: PathBuf,
        #[arg(long)]
        seconds: Option<u64>,
        /// Days of full-rate readings to keep (rollups are kept for good).
        #[arg(long, default_value_t = wattdesk_core::store::DEFAULT_RAW_DAYS)]
        raw_days: u32,
        #[arg(long)]
        password_env: Option<String>,
        /// One line per reading stored: {"type":"reading","ts_ms":…}.
        #[arg(long)]
        json: bool,
    },
    /// Fill FILE from the meter's SD-card log (daily CSV files of the last --days days).
    Backfill {
        address: String,
        #[arg(long)]
        db: PathBuf,
        #[arg(long, default_value_t = 31)]
        days: u32,
        #[arg(long)]
        password_env: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Buckets of a range: start, end, energy_import_kwh, energy_export_kwh, power_mean_kw,
    /// power_max_kw, readings, source.
    Query {
        #[command(flatten)]
        range: RangeArgs,
        #[arg(long)]
        json: bool,
    },
    /// CSV of a range: buckets (--bucket, default 15m) or the full-rate readings (--raw).
    Export {
        #[command(flatten)]
        range: RangeArgs,
        /// CSV output (the only format; the flag says so in scripts).
        #[arg(long, required = true)]
        csv: bool,
        #[arg(long)]
        raw: bool,
        /// Write here instead of standard output.
        #[arg(long)]
        out: Option<PathBuf>,
    },
}

#[derive(clap::Args)]
pub struct RangeArgs {
    #[arg(long)]
    db: PathBuf,
    /// The device id (either case).
    #[arg(long)]
    meter: String,
    /// RFC 3339, e.g. 2026-11-30T00:00:00+01:00.
    #[arg(long)]
    from: String,
    #[arg(long)]
    to: String,
    /// 1m, 15m, 1h, 1d, 1w, 1mo, 1y (default: the finest giving at most 2,000 buckets).
    #[arg(long)]
    bucket: Option<String>,
    /// The zone days, weeks and months are cut in (IANA name; default WATTDESK_TZ or the computer's).
    #[arg(long)]
    tz: Option<String>,
}

impl Action {
    pub fn json(&self) -> bool {
        match self {
            Action::Record { json, .. }
            | Action::Backfill { json, .. }
            | Action::Query { json, .. } => *json,
            Action::Export { .. } => false,
        }
    }
}

fn store_err(e: wattdesk_core::store::StoreError) -> CliError {
    CliError::Core(CoreError::History(e))
}

fn time(s: &str, what: &str) -> Result<i64> {
    chrono::DateTime::parse_from_rfc3339(s.trim())
        .map(|t| t.timestamp_millis())
        .map_err(|_| {
            CliError::Usage(format!(
                "--{what} {s:?} is not an RFC 3339 time (like 2026-11-30T00:00:00Z)"
            ))
        })
}

pub async fn history(action: Action) -> Result<ExitCode> {
    match action {
        Action::Record {
            address,
            db,
            seconds,
            raw_days,
            password_env,
            json,
        } => record(&address, &db, seconds, raw_days, &password_env, json).await,
        Action::Backfill {
            address,
            db,
            days,
            password_env,
            json,
        } => {
            let client = client(&address, &password_env)?;
            let id = client.system().await?.device.id;
            let r = backfill::backfill(&client, &db, &id, days)
                .await
                .map_err(store_err)?;
            if json {
                println!(
                    "{}",
                    serde_json::json!({"type": "backfill", "meter": id, "files_seen": r.files_seen, "files_read": r.files_read,
                        "rows": r.rows, "applied": r.applied, "already": r.already, "covered": r.covered, "unfit": r.unfit, "note": r.note})
                );
            } else {
                println!(
                    "{id}: {} rows from {} of {} files applied ({} already there, {} covered by live readings, {} did not fit)",
                    r.applied, r.files_read, r.files_seen, r.already, r.covered, r.unfit
                );
                if let Some(n) = r.note {
                    println!("{n}");
                }
            }
            Ok(ExitCode::SUCCESS)
        }
        Action::Query { range, json } => {
            let (conn, meter, from, to, grouping, tz, day_zone) = open_range(&range, false)?;
            let rows =
                query::query(&conn, meter, from, to, grouping, tz, day_zone).map_err(store_err)?;
            let iso = |ms: i64| {
                chrono::DateTime::from_timestamp_millis(ms)
                    .unwrap_or_default()
                    .with_timezone(&tz)
                    .to_rfc3339()
            };
            for b in rows {
                if json {
                    println!(
                        "{}",
                        serde_json::json!({"start": iso(b.start), "end": iso(b.end),
                            "energy_import_kwh": b.energy[0], "energy_export_kwh": b.energy[3],
                            "power_mean_kw": b.power_mean_kw, "power_max_kw": b.power_max_kw,
                            "readings": b.readings, "source": b.source_code()})
                    );
                } else {
                    let f = |v: Option<f64>| v.map_or("-".into(), |v| format!("{v:.3}"));
                    println!(
                        "{}  in {} kWh  out {} kWh  mean {} kW  max {} kW  {} readings  {}",
                        iso(b.start),
                        f(b.energy[0]),
                        f(b.energy[3]),
                        f(b.power_mean_kw),
                        f(b.power_max_kw),
                        b.readings,
                        b.source_code()
                    );
                }
            }
            Ok(ExitCode::SUCCESS)
        }
        Action::Export {
            range, raw, out, ..
        } => {
            let (conn, meter, from, to, grouping, tz, day_zone) = open_range(&range, true)?;
            let mut sink: Box<dyn std::io::Write> = match &out {
                Some(p) => Box::new(std::io::BufWriter::new(std::fs::File::create(p).map_err(
                    |source| CliError::File {
                        path: p.display().to_string(),
                        source,
                    },
                )?)),
                None => Box::new(std::io::BufWriter::new(std::io::stdout().lock())),
            };
            let mut progress = |_: f64, _: u64| {};
            let rows = if raw {
                export::raw_csv(&conn, meter, from, to, &mut sink, &mut progress)
            } else {
                export::buckets_csv(
                    &conn,
                    meter,
                    from,
                    to,
                    grouping,
                    tz,
                    day_zone,
                    &mut sink,
                    &mut progress,
                )
            }
            .map_err(store_err)?;
            if out.is_some() {
                eprintln!("{rows} rows written");
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}

type Range = (
    rusqlite::Connection,
    i64,
    i64,
    i64,
    Grouping,
    chrono_tz::Tz,
    chrono_tz::Tz,
);

fn open_range(r: &RangeArgs, export: bool) -> Result<Range> {
    if !r.db.exists() {
        return Err(CliError::Usage(format!(
            "{} does not exist",
            r.db.display()
        )));
    }
    let conn = db::open(&r.db).map_err(store_err)?;
    let (from, to) = (time(&r.from, "from")?, time(&r.to, "to")?);
    let tz = match &r.tz {
        Some(z) => zone::parse_zone(z).map_err(store_err)?,
        None => zone::user_zone(),
    };
    let day_zone = db::get_meta(&conn, "day_zone")
        .map_err(store_err)?
        .and_then(|z| z.parse().ok())
        .unwrap_or(tz);
    let grouping = match &r.bucket {
        Some(b) => Grouping::parse(b).map_err(store_err)?,
        None if export => Grouping::Fixed(wattdesk_core::store::Width::Quarter),
        None => Grouping::auto(from, to),
    };
    let meter = db::known_meter(&conn, &r.meter)
        .map_err(store_err)?
        .ok_or_else(|| CliError::Usage(format!("{} has no meter {}", r.db.display(), r.meter)))?;
    Ok((conn, meter, from, to, grouping, tz, day_zone))
}

fn client(address: &str, pw: &Option<String>) -> Result<whatwatt::Client> {
    Ok(whatwatt::Client::builder(address)
        .password(from_env(pw)?)
        .build()?)
}

async fn record(
    address: &str,
    db_path: &Path,
    seconds: Option<u64>,
    raw_days: u32,
    pw: &Option<String>,
    json: bool,
) -> Result<ExitCode> {
    let id = client(address, pw)?.system().await?.device.id;
    let conn = db::open(db_path).map_err(store_err)?;
    let writer = Writer::start(Ingest::new(conn, zone::user_zone(), raw_days).map_err(store_err)?);
    let session = Session::spawn(SessionConfig {
        address: address.to_owned(),
        password: from_env(pw)?,
        expect_scheme: None,
        transport: TransportChoice::Auto,
        mqtt: None,
        timing: Timing::default(),
    });
    let mut rx = session.subscribe();
    let stop = async {
        match seconds {
            Some(s) => tokio::time::sleep(std::time::Duration::from_secs(s)).await,
            None => std::future::pending().await,
        }
    };
    tokio::pin!(stop);
    let ctrl_c = tokio::signal::ctrl_c();
    tokio::pin!(ctrl_c);
    let term = terminated();
    tokio::pin!(term);
    eprintln!("recording {id} into {}", db_path.display());
    loop {
        let ev = tokio::select! {
            _ = &mut stop => break,
            _ = &mut ctrl_c => break,
            _ = &mut term => break,
            ev = rx.recv() => ev,
        };
        match ev {
            Ok(SessionEvent::Reading(r)) => {
                let p = Point::from_reading(&r.reading, r.received);
                if json {
                    println!(
                        "{}",
                        serde_json::json!({"type": "reading", "ts_ms": p.ts_ms, "energy_import_kwh": p.counters[0]})
                    );
                }
                writer.record(&id, p, r.reading.uptime_s);
            }
            Ok(SessionEvent::State(s)) if json => {
                println!("{}", serde_json::json!({"type": "state", "state": s}));
            }
            Ok(_) => {}
            Err(tokio::sync::broadcast::error::RecvError::Lagged(n)) => {
                eprintln!("wattdesk-cli: {n} readings skipped (the recorder fell behind)");
            }
            Err(_) => break,
        }
    }
    session.stop().await;
    writer.flush().await.map_err(store_err)?;
    let s = writer.status();
    writer.stop();
    eprintln!("{} readings stored", s.stats.readings);
    Ok(ExitCode::SUCCESS)
}

#[cfg(unix)]
async fn terminated() {
    match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
        Ok(mut s) => {
            s.recv().await;
        }
        Err(_) => std::future::pending().await,
    }
}

#[cfg(not(unix))]
async fn terminated() {
    std::future::pending::<()>().await
}
