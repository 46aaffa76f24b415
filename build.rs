//! Converts the embedded catalogues, the vocabulary and the 2011 → 2018 mapping from YAML to JSON at
//! build time.
//!
//! Parsing the embedded YAML was about half of iso20k's start-up; the same data as JSON parses several
//! times faster. The YAML stays the source (it is embedded too, and user catalogues given with
//! `--catalogue` are still read as YAML); `src/catalogue/build.rs`, `vocabulary.rs` and `mapping.rs` read
//! the JSON of an embedded file and fall back to its YAML should the JSON not fit. Tests check both give
//! the same result.

use std::path::Path;

/// The catalogue folders under `requirements/` that are embedded (see `src/catalogue/embedded.rs`).
const EMBEDDED: &[&str] = &["iso20000-1-2018", "iso20000-1-2011"];

/// The other embedded files under `requirements/` read at start-up (`src/catalogue/vocabulary.rs`,
/// `src/catalogue/mapping.rs`).
const EMBEDDED_FILES: &[&str] = &["vocabulary.yaml", "mapping-2011-2018.yaml"];

fn main() {
    let out = std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR");
    println!("cargo::rerun-if-changed=build.rs");
    for dir in EMBEDDED {
        let source = Path::new("requirements").join(dir);
        println!("cargo::rerun-if-changed={}", source.display());
        let target = Path::new(&out).join(dir);
        std::fs::create_dir_all(&target).expect("OUT_DIR is writable");
        let mut names: Vec<_> = std::fs::read_dir(&source)
            .unwrap_or_else(|e| panic!("cannot read {}: {e}", source.display()))
            .map(|entry| entry.expect("a readable folder entry").file_name())
            .collect();
        names.sort();
        for name in names {
            let path = source.join(&name);
            println!("cargo::rerun-if-changed={}", path.display());
            let mut file_name = name.clone();
            file_name.push(".json");
            convert(&path, &target.join(file_name));
        }
    }
    for name in EMBEDDED_FILES {
        let path = Path::new("requirements").join(name);
        println!("cargo::rerun-if-changed={}", path.display());
        convert(&path, &Path::new(&out).join(format!("{name}.json")));
    }
}

/// Writes the YAML file `from` as JSON to `to`. A file that does not convert (its own tests report why)
/// gets an empty JSON file, and is read from its YAML at run time.
fn convert(from: &Path, to: &Path) {
    let text = std::fs::read_to_string(from)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", from.display()));
    let json = serde_saphyr::from_str::<serde_json::Value>(&text)
        .ok()
        .and_then(|value| serde_json::to_string(&value).ok())
        .unwrap_or_default();
    std::fs::write(to, json).expect("OUT_DIR is writable");
}
