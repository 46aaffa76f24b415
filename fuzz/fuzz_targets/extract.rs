//! The evidence readers: the first byte picks the format (as a file's extension does in a scan), the rest
//! is the file. A reader may refuse a file; it must never panic, hang or exhaust memory.
#![no_main]

use libfuzzer_sys::fuzz_target;

/// One name per reader; the extension is what chooses it.
const NAMES: &[&str] = &[
    "a.md", "a.txt", "a.csv", "a.tsv", "a.yaml", "a.json", "a.docx", "a.odt", "a.xlsx", "a.ods",
    "a.pdf",
];

fuzz_target!(|data: &[u8]| {
    if let Some((first, file)) = data.split_first() {
        iso20k::evidence::fuzz_extract(NAMES[usize::from(*first) % NAMES.len()], file);
    }
});
