//! The tray / menu-bar icon: net power in its tooltip (and title where the system shows one) and a
//! menu that reaches every action, because many Linux trays never deliver clicks on the icon itself.
//! Words come from the shared catalogue in the user's language; the menu is rebuilt only when the set
//! of meters changes and its texts only when they change, at most every few seconds.

use crate::window;
use std::time::Duration;
use tauri::menu::{Menu, MenuItem, PredefinedMenuItem};
use tauri::tray::{MouseButton, MouseButtonState, TrayIcon, TrayIconBuilder, TrayIconEvent};
use tauri::{AppHandle, Manager, Wry};
use wattdesk_core::i18n::{power, t};
use wattdesk_core::ipc::Language;
use wattdesk_core::{App, TraySummary, TrayValue};

/// How often the tooltip follows the readings (a tray is glanced at, not watched).
const REFRESH: Duration = Duration::from_secs(5);

struct Words {
    lang: Language,
    tag: String,
}

fn words(core: &App) -> Words {
    let l = core.locale(tauri_plugin_os::locale().as_deref());
    Words {
        lang: l.language,
        tag: l.format_tag,
    }
}

fn meter_line(w: &Words, name: &str, now: &TrayValue) -> String {
    match now {
        TrayValue::NetW(v) if *v < 0.0 => t(
            w.lang,
            "tray_to_grid",
            &[("name", name), ("power", &power(*v, &w.tag))],
        ),
        TrayValue::NetW(v) => t(
            w.lang,
            "tray_from_grid",
            &[("name", name), ("power", &power(*v, &w.tag))],
        ),
        TrayValue::Offline => t(w.lang, "tray_offline", &[("name", name)]),
        TrayValue::Waiting => t(w.lang, "tray_waiting", &[("name", name)]),
    }
}

/// The tooltip: the household's net power when there are several meters, else the first meter's.
fn tooltip(w: &Words, s: &TraySummary) -> String {
    if s.paused {
        return format!("WattDesk – {}", t(w.lang, "tray_paused", &[]));
    }
    let line = match (s.household_w, s.meters.first()) {
        (Some(v), _) => meter_line(w, &t(w.lang, "tray_household", &[]), &TrayValue::NetW(v)),
        (None, Some(m)) => meter_line(w, &m.name, &m.now),
        (None, None) => t(w.lang, "tray_no_meters", &[]),
    };
    format!("WattDesk – {line}")
}

/// What the menu shows, in order; compared to decide whether anything must change.
#[derive(PartialEq)]
struct MenuModel {
    open: String,
    meters: Vec<String>,
    pause: String,
    quit: String,
}

fn model(w: &Words, s: &TraySummary) -> MenuModel {
    let mut meters: Vec<String> = s
        .meters
        .iter()
        .map(|m| meter_line(w, &m.name, &m.now))
        .collect();
    if meters.is_empty() {
        meters.push(t(w.lang, "tray_no_meters", &[]));
    }
    if let Some(v) = s.household_w {
        meters.push(meter_line(
            w,
            &t(w.lang, "tray_household", &[]),
            &TrayValue::NetW(v),
        ));
    }
    MenuModel {
        open: t(w.lang, "tray_open", &[]),
        meters,
        pause: t(
            w.lang,
            if s.paused {
                "tray_resume"
            } else {
                "tray_pause"
            },
            &[],
        ),
        quit: t(w.lang, "tray_quit", &[]),
    }
}

struct Built {
    model: MenuModel,
    meter_items: Vec<MenuItem<Wry>>,
    open: MenuItem<Wry>,
    pause: MenuItem<Wry>,
    quit: MenuItem<Wry>,
}

fn build_menu(app: &AppHandle, m: MenuModel) -> tauri::Result<(Menu<Wry>, Built)> {
    let open = MenuItem::with_id(app, "open", &m.open, true, None::<&str>)?;
    // Values, not actions: disabled items read as information on every platform.
    let meter_items = m
        .meters
        .iter()
        .enumerate()
        .map(|(i, text)| MenuItem::with_id(app, format!("meter-{i}"), text, false, None::<&str>))
        .collect::<tauri::Result<Vec<_>>>()?;
    let pause = MenuItem::with_id(app, "pause", &m.pause, true, None::<&str>)?;
    let quit = MenuItem::with_id(app, "quit", &m.quit, true, None::<&str>)?;
    let menu = Menu::new(app)?;
    menu.append(&open)?;
    menu.append(&PredefinedMenuItem::separator(app)?)?;
    for item in &meter_items {
        menu.append(item)?;
    }
    menu.append(&PredefinedMenuItem::separator(app)?)?;
    menu.append(&pause)?;
    menu.append(&quit)?;
    Ok((
        menu,
        Built {
            model: m,
            meter_items,
            open,
            pause,
            quit,
        },
    ))
}

/// Brings the tray up; `false` when this desktop has none (then closing the window quits).
pub fn install(app: &AppHandle) -> bool {
    let core = app.state::<App>().inner().clone();
    let w = words(&core);
    let summary = core.tray_summary();
    let (menu, built) = match build_menu(app, model(&w, &summary)) {
        Ok(m) => m,
        Err(e) => {
            tracing::warn!("no tray menu: {e}");
            return false;
        }
    };
    let Some(icon) = app.default_window_icon().cloned() else {
        return false;
    };
    let builder = TrayIconBuilder::with_id("main")
        .icon(icon)
        .tooltip(tooltip(&w, &summary))
        .menu(&menu)
        .show_menu_on_left_click(false)
        .on_menu_event(|app, event| match event.id().as_ref() {
            "open" => window::show(app),
            "pause" => {
                let core = app.state::<App>().inner().clone();
                let app = app.clone();
                tauri::async_runtime::spawn(async move {
                    core.set_live_paused(!core.live_paused()).await;
                    refresh_now(&app);
                });
            }
            "quit" => app.exit(0),
            _ => {}
        })
        .on_tray_icon_event(|tray, event| {
            if let TrayIconEvent::Click {
                button: MouseButton::Left,
                button_state: MouseButtonState::Up,
                ..
            } = event
            {
                window::show(tray.app_handle());
            }
        });
    // The Linux tray loads libayatana-appindicator at run time and panics where it is missing: a
    // desktop without it gets no tray, not a crash.
    let tray = match std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| builder.build(app))) {
        Ok(Ok(tray)) => tray,
        Ok(Err(e)) => {
            tracing::warn!("no tray icon: {e}");
            return false;
        }
        Err(_) => {
            tracing::warn!("no tray icon on this desktop (appindicator library missing)");
            return false;
        }
    };
    app.manage(TrayState(std::sync::Mutex::new(built)));
    follow(app.clone(), tray, core);
    true
}

struct TrayState(std::sync::Mutex<Built>);

fn refresh_now(app: &AppHandle) {
    let Some(tray) = app.tray_by_id("main") else {
        return;
    };
    let core = app.state::<App>().inner().clone();
    update(app, &tray, &core);
}

fn update(app: &AppHandle, tray: &TrayIcon, core: &App) {
    let w = words(core);
    let summary = core.tray_summary();
    let next = model(&w, &summary);
    let tip = tooltip(&w, &summary);
    let _ = tray.set_tooltip(Some(&tip));
    // The macOS menu bar shows a title beside the icon: the same line without the app's name.
    #[cfg(target_os = "macos")]
    let _ = tray.set_title(Some(tip.trim_start_matches("WattDesk – ")));
    let Some(state) = app.try_state::<TrayState>() else {
        return;
    };
    let mut built = state.0.lock().unwrap_or_else(|p| p.into_inner());
    if built.model == next {
        return;
    }
    if built.model.meters.len() != next.meters.len() {
        match build_menu(app, next) {
            Ok((menu, b)) => {
                let _ = tray.set_menu(Some(menu));
                *built = b;
            }
            Err(e) => tracing::warn!("tray menu: {e}"),
        }
        return;
    }
    for (item, text) in built.meter_items.iter().zip(&next.meters) {
        let _ = item.set_text(text);
    }
    let _ = built.open.set_text(&next.open);
    let _ = built.pause.set_text(&next.pause);
    let _ = built.quit.set_text(&next.quit);
    built.model = next;
}

/// Keeps the tray current: at once when the meter list changes, else every few seconds.
fn follow(app: AppHandle, tray: TrayIcon, core: App) {
    let mut events = core.subscribe();
    tauri::async_runtime::spawn(async move {
        let mut tick = tokio::time::interval(REFRESH);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tokio::select! {
                _ = tick.tick() => {}
                ev = events.recv() => {
                    if let Err(tokio::sync::broadcast::error::RecvError::Closed) = ev {
                        return;
                    }
                }
            }
            update(&app, &tray, &core);
        }
    });
}
