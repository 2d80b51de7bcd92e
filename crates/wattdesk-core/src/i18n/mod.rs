//! The app's language on the Rust side: which one to speak (the user's choice, else the computer's
//! locale) and the words the tray, notifications and other native surfaces show. The words come from
//! the UI's catalogue (`ui/messages/<locale>.json`), the one source of every message in every
//! language; the keys Rust uses are listed in [`catalog::RUST_KEYS`] and a test checks all four files
//! have them.

pub mod catalog;
mod numbers;

pub use catalog::t;
pub use numbers::{decimal, power};

use crate::ipc::{Language, LocaleInfo};

impl Language {
    pub const ALL: [Language; 4] = [Language::En, Language::De, Language::Fr, Language::It];

    pub fn code(self) -> &'static str {
        match self {
            Language::En => "en",
            Language::De => "de",
            Language::Fr => "fr",
            Language::It => "it",
        }
    }

    fn from_code(code: &str) -> Option<Language> {
        Language::ALL
            .into_iter()
            .find(|l| l.code().eq_ignore_ascii_case(code))
    }

    /// How numbers and dates are written when the computer's locale is in another language.
    fn default_format_tag(self) -> &'static str {
        match self {
            Language::En => "en-GB",
            Language::De => "de-CH",
            Language::Fr => "fr-CH",
            Language::It => "it-CH",
        }
    }
}

/// A POSIX or BCP 47 locale as operating systems report it ("de_CH.UTF-8", "fr-BE", "C", "it@euro")
/// as a BCP 47 tag ("de-CH"), or `None` for "C"/"POSIX"/empty.
pub fn normalize_tag(system: &str) -> Option<String> {
    let base = system.split(['.', '@']).next().unwrap_or("").trim();
    if base.is_empty() || base.eq_ignore_ascii_case("C") || base.eq_ignore_ascii_case("POSIX") {
        return None;
    }
    let mut parts = base.split(['_', '-']).filter(|p| !p.is_empty());
    let lang = parts.next()?;
    if !(2..=3).contains(&lang.len()) || !lang.chars().all(|c| c.is_ascii_alphabetic()) {
        return None;
    }
    let mut tag = lang.to_ascii_lowercase();
    for p in parts {
        if !p.chars().all(|c| c.is_ascii_alphanumeric()) || p.len() > 8 {
            break;
        }
        tag.push('-');
        // Regions are upper case (CH), scripts title case (Latn), variants as given.
        match p.len() {
            2 => tag.push_str(&p.to_ascii_uppercase()),
            4 => {
                let mut c = p.chars();
                tag.extend(c.next().map(|f| f.to_ascii_uppercase()));
                tag.push_str(&c.as_str().to_ascii_lowercase());
            }
            _ => tag.push_str(p),
        }
    }
    Some(tag)
}

/// The language to speak and the tag to format with, from the user's choice and the computer's
/// locale. A computer in a language WattDesk does not speak gets English (with its own number format
/// only when it is English too).
pub fn resolve(choice: Option<Language>, system: Option<&str>) -> LocaleInfo {
    let system_tag = system.and_then(normalize_tag);
    let system_lang = system_tag
        .as_deref()
        .and_then(|t| Language::from_code(t.split('-').next().unwrap_or("")));
    let language = choice.or(system_lang).unwrap_or_default();
    let format_tag = match (&system_tag, system_lang) {
        // A bare "de" says nothing about the region: use the default form.
        (Some(tag), Some(l)) if l == language && tag.contains('-') => tag.clone(),
        _ => language.default_format_tag().to_owned(),
    };
    LocaleInfo {
        language,
        format_tag,
        system: system.map(str::to_owned),
        choice,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn os_locales_become_tags() {
        assert_eq!(normalize_tag("de_CH.UTF-8").as_deref(), Some("de-CH"));
        assert_eq!(normalize_tag("fr-be").as_deref(), Some("fr-BE"));
        assert_eq!(normalize_tag("it@euro").as_deref(), Some("it"));
        assert_eq!(normalize_tag("zh_hant_TW").as_deref(), Some("zh-Hant-TW"));
        assert_eq!(normalize_tag("C"), None);
        assert_eq!(normalize_tag("POSIX"), None);
        assert_eq!(normalize_tag(""), None);
        assert_eq!(normalize_tag("C.UTF-8"), None);
        assert_eq!(normalize_tag("1234"), None);
    }

    #[test]
    fn choice_then_computer_then_english() {
        let r = resolve(None, Some("de_DE.UTF-8"));
        assert_eq!((r.language, r.format_tag.as_str()), (Language::De, "de-DE"));
        let r = resolve(None, Some("fr"));
        assert_eq!((r.language, r.format_tag.as_str()), (Language::Fr, "fr-CH"));
        // A choice in another language than the computer's formats the chosen language's way.
        let r = resolve(Some(Language::It), Some("de_CH"));
        assert_eq!((r.language, r.format_tag.as_str()), (Language::It, "it-CH"));
        let r = resolve(None, Some("es_ES.UTF-8"));
        assert_eq!((r.language, r.format_tag.as_str()), (Language::En, "en-GB"));
        let r = resolve(None, Some("en_US"));
        assert_eq!((r.language, r.format_tag.as_str()), (Language::En, "en-US"));
        let r = resolve(None, None);
        assert_eq!((r.language, r.format_tag.as_str()), (Language::En, "en-GB"));
        assert_eq!(r.choice, None);
    }
}
