//! Builds the app manifest from the one list of commands (the `#[tauri::command]` functions under
//! `src/commands/`) and generates from it the handler list, the main window's capability and the
//! UI's typed commands. The main window may call exactly the commands listed; nothing else.

#[path = "build/contract.rs"]
mod contract;
#[path = "build/generate.rs"]
mod generate;

use std::path::PathBuf;

fn main() {
    if let Err(e) = run() {
        panic!("build.rs: {e}");
    }
}

fn run() -> Result<(), String> {
    let root = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").map_err(|e| e.to_string())?);
    let out = PathBuf::from(std::env::var("OUT_DIR").map_err(|e| e.to_string())?);
    println!("cargo:rerun-if-changed=src/commands");
    println!("cargo:rerun-if-changed=build");
    let commands = contract::read(&root.join("src/commands"))?;
    let io = |e: std::io::Error| e.to_string();
    generate::write_if_changed(&out.join("handler.rs"), &generate::handler(&commands))
        .map_err(io)?;
    generate::write_if_changed(
        &root.join("capabilities/main.json"),
        &generate::capability(&commands),
    )
    .map_err(io)?;
    generate::write_if_changed(
        &root.join("../ui/src/lib/commands.gen.ts"),
        &generate::typescript(&commands),
    )
    .map_err(io)?;
    // tauri-build keeps the names for the life of the build.
    let names: &'static [&'static str] = Box::leak(
        commands
            .iter()
            .map(|c| &*Box::leak(c.name.clone().into_boxed_str()))
            .collect::<Vec<&'static str>>()
            .into_boxed_slice(),
    );
    tauri_build::try_build(
        tauri_build::Attributes::new()
            .app_manifest(tauri_build::AppManifest::new().commands(names)),
    )
    .map_err(|e| format!("tauri-build: {e}"))
}
