//! The build's check of the message catalogs (`core/locales/`): every key
//! of the English catalog is in every other language's, and every key the
//! code (`msg!("…")`) or a template (`tr.t("…")`, `tr.ta("…"`, `tr.tn("…"`)
//! names is in the English one. A build that fails here names each key
//! missing, and where. Compiled into `build.rs` (the catalogs and the
//! templates) and into the library's tests (the code's keys too).

use std::collections::BTreeSet;
use std::path::Path;

/// The language every other catalog must match.
const ENGLISH: &str = "en";

/// The keys one language's catalog defines: its messages and its terms
/// (`-term`), across every `.ftl` file of its folder.
pub fn keys(ftl: &str) -> Result<BTreeSet<String>, String> {
    use fluent_syntax::ast::Entry;
    let resource = fluent_syntax::parser::parse(ftl).map_err(|(_, errors)| {
        let found: Vec<String> = errors.iter().map(|e| format!("{:?}", e.kind)).collect();
        format!("not Fluent: {}", found.join("; "))
    })?;
    Ok(resource
        .body
        .iter()
        .filter_map(|entry| match entry {
            Entry::Message(message) => Some(message.id.name.to_owned()),
            Entry::Term(term) => Some(format!("-{}", term.id.name)),
            _ => None,
        })
        .collect())
}

/// The keys of `all` (each `(language, keys)`) that English has and
/// another language lacks, as `es: key` lines.
pub fn missing_translations(all: &[(String, BTreeSet<String>)]) -> Vec<String> {
    let Some((_, english)) = all.iter().find(|(language, _)| language == ENGLISH) else {
        return vec![format!("{ENGLISH}: no catalog")];
    };
    all.iter()
        .filter(|(language, _)| language != ENGLISH)
        .flat_map(|(language, keys)| {
            english
                .difference(keys)
                .map(move |key| format!("{language}: {key}"))
        })
        .collect()
}

/// The keys `text` names after any of `openings` (each ends with `("`).
pub fn named(text: &str, openings: &[&str]) -> BTreeSet<String> {
    openings
        .iter()
        .flat_map(|opening| {
            text.match_indices(opening).filter_map(|(at, _)| {
                let rest = &text[at + opening.len()..];
                rest.split_once('"').map(|(key, _)| key.to_owned())
            })
        })
        .collect()
}

/// How code and templates name a key.
pub const IN_CODE: [&str; 1] = ["msg!(\""];
pub const IN_TEMPLATES: [&str; 3] = ["tr.t(\"", "tr.ta(\"", "tr.tn(\""];

/// Checks the catalogs under `locales` against each other and against the
/// keys the files under `code` and `templates` name: every problem, one a
/// line, or none.
pub fn check(locales: &Path, code: &[&Path], templates: &Path) -> Result<(), String> {
    let mut all = Vec::new();
    for folder in read_dir(locales)? {
        if !folder.is_dir() {
            continue;
        }
        let mut keys = BTreeSet::new();
        for file in read_dir(&folder)? {
            if file.extension().is_some_and(|ext| ext == "ftl") {
                let text = read(&file)?;
                keys.extend(keys_of(&file, &text)?);
            }
        }
        let language = folder.file_name().unwrap_or_default().to_string_lossy();
        all.push((language.into_owned(), keys));
    }
    let mut problems: Vec<String> = missing_translations(&all)
        .into_iter()
        .map(|line| format!("missing from the catalog of {line}"))
        .collect();
    let english = all
        .iter()
        .find(|(language, _)| language == ENGLISH)
        .map(|(_, keys)| keys.clone())
        .unwrap_or_default();
    let mut sources: Vec<(std::path::PathBuf, &[&str])> = Vec::new();
    for dir in code {
        sources.extend(files(dir)?.into_iter().map(|f| (f, &IN_CODE[..])));
    }
    sources.extend(
        files(templates)?
            .into_iter()
            .map(|f| (f, &IN_TEMPLATES[..])),
    );
    for (file, openings) in sources {
        let text = read(&file)?;
        for key in named(&text, openings).difference(&english) {
            problems.push(format!(
                "{} names `{key}`, which the English catalog lacks",
                file.display()
            ));
        }
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems.join("\n"))
    }
}

fn keys_of(file: &Path, text: &str) -> Result<BTreeSet<String>, String> {
    keys(text).map_err(|error| format!("{}: {error}", file.display()))
}

fn read(file: &Path) -> Result<String, String> {
    std::fs::read_to_string(file).map_err(|error| format!("{}: {error}", file.display()))
}

fn read_dir(dir: &Path) -> Result<Vec<std::path::PathBuf>, String> {
    let entries = std::fs::read_dir(dir).map_err(|error| format!("{}: {error}", dir.display()))?;
    let mut paths: Vec<_> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    Ok(paths)
}

/// Every file under `dir`, however deep.
fn files(dir: &Path) -> Result<Vec<std::path::PathBuf>, String> {
    let mut found = Vec::new();
    for path in read_dir(dir)? {
        if path.is_dir() {
            found.extend(files(&path)?);
        } else {
            found.push(path);
        }
    }
    Ok(found)
}

#[cfg(test)]
mod tests {
    use super::*;

    const ENGLISH_FTL: &str = "hello = Hello\nbye = Goodbye, { $name }\n-brand = Acme\n";

    fn catalogs(spanish: &str) -> Vec<(String, BTreeSet<String>)> {
        vec![
            ("en".into(), keys(ENGLISH_FTL).unwrap()),
            ("es".into(), keys(spanish).unwrap()),
        ]
    }

    #[test]
    fn a_key_missing_from_spanish_is_named() {
        let spanish = "hello = Hola\n-brand = Acme\n";
        assert_eq!(missing_translations(&catalogs(spanish)), ["es: bye"]);
        let whole = "hello = Hola\nbye = Adiós, { $name }\n-brand = Acme\nextra = Más\n";
        assert!(missing_translations(&catalogs(whole)).is_empty());
    }

    #[test]
    fn a_catalog_that_is_not_fluent_is_refused() {
        assert!(keys("hello = Hola\nbye = { $name\n").is_err());
    }

    #[test]
    fn keys_are_found_where_code_and_templates_name_them() {
        let code = r#"let x = msg!("hello"); let y = msg!("bye");"#;
        let template =
            r#"{{ tr.t("hello") }} {{ c.tr.ta("bye", [("name", n)]) }} {{ tr.tn("n", 2) }}"#;
        assert_eq!(
            named(code, &IN_CODE),
            ["bye".to_owned(), "hello".to_owned()].into()
        );
        assert_eq!(named(template, &IN_TEMPLATES).len(), 3);
    }

    /// The project's own catalogs, code and templates pass the check the
    /// build makes, and the code's keys are all in English too.
    #[test]
    fn the_projects_catalogs_have_every_key_in_every_language() {
        let crate_dir = Path::new(env!("CARGO_MANIFEST_DIR"));
        let core = crate_dir.join("../core");
        check(
            &core.join("locales"),
            &[&core.join("src"), &crate_dir.join("src")],
            &crate_dir.join("templates"),
        )
        .unwrap();
    }
}
