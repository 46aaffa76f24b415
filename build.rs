//! Converts the embedded catalogues from YAML to JSON at build time.
//!
//! Parsing the embedded YAML was about half of iso20k's start-up; the same data as JSON parses several
//! times faster. The YAML stays the source (it is embedded too, and user catalogues given with
//! `--catalogue` are still read as YAML); `src/catalogue/build.rs` reads the JSON of an embedded file and
//! falls back to its YAML should the JSON not fit. A test checks both give the same catalogue.

use std::path::Path;

/// The catalogue folders under `requirements/` that are embedded (see `src/catalogue/embedded.rs`).
const EMBEDDED: &[&str] = &["iso20000-1-2018", "iso20000-1-2011"];

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
            let text = std::fs::read_to_string(&path)
                .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
            // A file that does not convert (the catalogue's own tests report why) gets an empty JSON
            // file, and is read from its YAML at run time.
            let json = serde_saphyr::from_str::<serde_json::Value>(&text)
                .ok()
                .and_then(|value| serde_json::to_string(&value).ok())
                .unwrap_or_default();
            let mut file_name = name.clone();
            file_name.push(".json");
            std::fs::write(target.join(file_name), json).expect("OUT_DIR is writable");
        }
    }
}
