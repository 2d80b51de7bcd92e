//! Reads the IPC commands from `src/commands/*.rs`: every `#[tauri::command]` function, its doc
//! comment, its arguments as the webview sends them and what it resolves to. Shared by `build.rs`
//! (which generates from it) and the contract test (which checks the generated files).

use std::path::Path;

/// A TypeScript type, or a value Tauri provides itself (not sent by the webview).
#[derive(Debug, Clone, PartialEq)]
pub enum Ts {
    Type(String),
    /// `tauri::ipc::Channel<T>`: the webview passes a callback receiving `T`.
    Channel(String),
    Injected,
}

#[derive(Debug, Clone)]
pub struct Arg {
    /// As the webview names it (camelCase).
    pub name: String,
    pub ts: Ts,
}

#[derive(Debug, Clone)]
pub struct Command {
    /// snake_case, as invoked.
    pub name: String,
    /// The file under `src/commands/` without `.rs`.
    pub module: String,
    pub doc: Vec<String>,
    pub args: Vec<Arg>,
    pub result: String,
    /// Binding types the arguments and result name.
    pub imports: Vec<String>,
}

/// Every command under `dir`, sorted by module then name.
pub fn read(dir: &Path) -> Result<Vec<Command>, String> {
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .map_err(|e| format!("{}: {e}", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "rs"))
        .collect();
    files.sort();
    let mut out = Vec::new();
    for path in files {
        let module = path
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or_default()
            .to_owned();
        let text =
            std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        let file = syn::parse_file(&text).map_err(|e| format!("{}: {e}", path.display()))?;
        for item in file.items {
            let syn::Item::Fn(f) = item else { continue };
            if !f.attrs.iter().any(is_command) {
                continue;
            }
            out.push(command(&module, &f).map_err(|e| format!("{}: {e}", path.display()))?);
        }
    }
    out.sort_by(|a, b| (&a.module, &a.name).cmp(&(&b.module, &b.name)));
    let mut names: Vec<&str> = out.iter().map(|c| c.name.as_str()).collect();
    names.sort();
    if let Some(w) = names.windows(2).find(|w| w[0] == w[1]) {
        return Err(format!("the command {} is defined twice", w[0]));
    }
    Ok(out)
}

fn is_command(a: &syn::Attribute) -> bool {
    let segs: Vec<String> = a
        .path()
        .segments
        .iter()
        .map(|s| s.ident.to_string())
        .collect();
    segs == ["tauri", "command"] || segs == ["command"]
}

fn command(module: &str, f: &syn::ItemFn) -> Result<Command, String> {
    let name = f.sig.ident.to_string();
    let mut imports = Vec::new();
    let mut args = Vec::new();
    for input in &f.sig.inputs {
        let syn::FnArg::Typed(t) = input else {
            return Err(format!("{name}: a command cannot take self"));
        };
        let syn::Pat::Ident(id) = t.pat.as_ref() else {
            return Err(format!("{name}: arguments must be plain names"));
        };
        let ts = ts_of(&t.ty, &mut imports).map_err(|e| format!("{name}: {e}"))?;
        args.push(Arg {
            name: camel_case(&id.ident.to_string()),
            ts,
        });
    }
    let result = match &f.sig.output {
        syn::ReturnType::Default => "null".to_owned(),
        syn::ReturnType::Type(_, ty) => {
            match ts_of(ty, &mut imports).map_err(|e| format!("{name}: {e}"))? {
                Ts::Type(t) => t,
                _ => {
                    return Err(format!(
                        "{name}: cannot return a channel or an injected value"
                    ))
                }
            }
        }
    };
    let doc = f
        .attrs
        .iter()
        .filter_map(|a| match &a.meta {
            syn::Meta::NameValue(nv) if nv.path.is_ident("doc") => match &nv.value {
                syn::Expr::Lit(syn::ExprLit {
                    lit: syn::Lit::Str(s),
                    ..
                }) => Some(s.value().trim().to_owned()),
                _ => None,
            },
            _ => None,
        })
        .collect();
    imports.sort();
    imports.dedup();
    Ok(Command {
        name,
        module: module.to_owned(),
        doc,
        args,
        result,
        imports,
    })
}

pub fn camel_case(snake: &str) -> String {
    let mut out = String::new();
    let mut up = false;
    for c in snake.chars() {
        if c == '_' {
            up = true;
        } else if up {
            out.extend(c.to_uppercase());
            up = false;
        } else {
            out.push(c);
        }
    }
    out
}

/// The generic argument of `Wrapper<T>` (the first type argument).
fn inner(seg: &syn::PathSegment) -> Result<&syn::Type, String> {
    match &seg.arguments {
        syn::PathArguments::AngleBracketed(a) => a
            .args
            .iter()
            .find_map(|g| match g {
                syn::GenericArgument::Type(t) => Some(t),
                _ => None,
            })
            .ok_or_else(|| format!("{} needs a type argument", seg.ident)),
        _ => Err(format!("{} needs a type argument", seg.ident)),
    }
}

fn plain(t: &syn::Type, imports: &mut Vec<String>) -> Result<String, String> {
    match ts_of(t, imports)? {
        Ts::Type(s) => Ok(s),
        other => Err(format!("{other:?} cannot be nested")),
    }
}

fn ts_of(ty: &syn::Type, imports: &mut Vec<String>) -> Result<Ts, String> {
    let ty = match ty {
        syn::Type::Reference(r) => r.elem.as_ref(),
        syn::Type::Paren(p) => p.elem.as_ref(),
        other => other,
    };
    if let syn::Type::Tuple(t) = ty {
        return if t.elems.is_empty() {
            Ok(Ts::Type("null".into()))
        } else {
            Err("tuples do not cross the IPC boundary: use a named type".into())
        };
    }
    let syn::Type::Path(p) = ty else {
        return Err("unsupported type".into());
    };
    let seg = p.path.segments.last().ok_or("empty type path")?;
    let id = seg.ident.to_string();
    Ok(match id.as_str() {
        "State" | "AppHandle" | "Window" | "Webview" | "WebviewWindow" => Ts::Injected,
        "Channel" => Ts::Channel(plain(inner(seg)?, imports)?),
        // A password or key: a plain string in the webview, redacted on the Rust side.
        "String" | "str" | "Secret" => Ts::Type("string".into()),
        "bool" => Ts::Type("boolean".into()),
        "u8" | "u16" | "u32" | "u64" | "usize" | "i8" | "i16" | "i32" | "i64" | "f32" | "f64" => {
            Ts::Type("number".into())
        }
        "Option" => Ts::Type(format!("{} | null", plain(inner(seg)?, imports)?)),
        "Vec" => {
            let t = plain(inner(seg)?, imports)?;
            Ts::Type(if t.contains(' ') {
                format!("Array<{t}>")
            } else {
                format!("{t}[]")
            })
        }
        // The error side is always `AppError`: the UI's `call` turns a rejection into one.
        "Out" | "Result" => Ts::Type(plain(inner(seg)?, imports)?),
        _ if seg.arguments.is_empty() => {
            imports.push(id.clone());
            Ts::Type(id)
        }
        _ => return Err(format!("unsupported generic type {id}")),
    })
}
