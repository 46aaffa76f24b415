//! The catalogues compiled into the binary, so `iso20k` works anywhere without its source tree.
//!
//! Each edition is the folder of the same name under `requirements/`. A test checks that the list below
//! holds exactly the files of each folder, so a file added there cannot be forgotten here.

/// The edition used when none is asked for.
pub const DEFAULT_EDITION: &str = "2018";

/// A catalogue folder embedded in the binary.
#[derive(Debug, PartialEq, Eq)]
pub struct EmbeddedCatalogue {
    /// The edition year, e.g. `2018`.
    pub edition: &'static str,
    /// The folder name under `requirements/`.
    pub dir: &'static str,
    /// File names and contents, in file-name order.
    pub files: &'static [(&'static str, &'static str)],
    /// The same files' contents as JSON, converted by `build.rs` when the binary was built (parsed
    /// several times faster than the YAML: start-up time); empty for a file that did not convert.
    pub json: &'static [&'static str],
}

impl EmbeddedCatalogue {
    pub fn name(&self) -> String {
        format!("ISO/IEC 20000-1:{}", self.edition)
    }
}

/// An embedded catalogue folder: each file's YAML, and the JSON `build.rs` converted it to.
macro_rules! embed {
    ($edition:literal, $dir:literal: $($file:literal),+ $(,)?) => {
        EmbeddedCatalogue {
            edition: $edition,
            dir: $dir,
            files: &[$(($file, include_str!(concat!("../../requirements/", $dir, "/", $file)))),+],
            json: &[$(include_str!(concat!(env!("OUT_DIR"), "/", $dir, "/", $file, ".json"))),+],
        }
    };
}

static EMBEDDED: &[EmbeddedCatalogue] = &[
    embed!("2018", "iso20000-1-2018":
            "04-context.yaml",
            "05-leadership.yaml",
            "06-planning.yaml",
            "07-support.yaml",
            "08-1-operational-planning.yaml",
            "08-2-service-portfolio.yaml",
            "08-3-relationship-agreement.yaml",
            "08-4-supply-demand.yaml",
            "08-5-design-build-transition.yaml",
            "08-6-resolution-fulfilment.yaml",
            "08-7-service-assurance.yaml",
            "09-performance-evaluation.yaml",
            "10-improvement.yaml",
            "catalogue.yaml",
    ),
    embed!("2011", "iso20000-1-2011":
            "04-sms-general-requirements.yaml",
            "05-design-and-transition.yaml",
            "06-service-delivery.yaml",
            "07-relationship-processes.yaml",
            "08-resolution-processes.yaml",
            "09-control-processes.yaml",
            "catalogue.yaml",
    ),
];

/// The embedded catalogue of `edition`, if there is one.
pub fn embedded(edition: &str) -> Option<&'static EmbeddedCatalogue> {
    EMBEDDED.iter().find(|e| e.edition == edition)
}

/// The editions embedded in the binary.
pub fn embedded_editions() -> impl Iterator<Item = &'static str> {
    EMBEDDED.iter().map(|e| e.edition)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_files_are_exactly_the_folder_contents() {
        for catalogue in EMBEDDED {
            let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("requirements")
                .join(catalogue.dir);
            let mut on_disk: Vec<String> = std::fs::read_dir(&dir)
                .unwrap()
                .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                .filter(|name| name.ends_with(".yaml") || name.ends_with(".yml"))
                .collect();
            on_disk.sort();
            let embedded: Vec<&str> = catalogue.files.iter().map(|(name, _)| *name).collect();
            assert_eq!(
                embedded, on_disk,
                "update the embed! list for {}",
                catalogue.dir
            );
        }
    }
}
