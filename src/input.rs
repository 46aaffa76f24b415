//! Reading the files a user names on the command line or in the configuration (`--config`,
//! `--catalogue`, `--judgements`, `--baseline`, `--templates` files, the workbook `iso20k import` reads,
//! a mapping file): regular files only, and never more than a bound.
//!
//! Opening a FIFO blocks until something writes to it, and a device can be read forever, so the file
//! type is checked *before* the file is opened (as the evidence scan does), and again on the open file.
//! Every reader of a user-named file goes through here.

use std::io::Read;
use std::path::Path;

/// What kind of thing `path` is, when it is not a regular file: `None` for a regular file.
fn not_regular(file_type: std::fs::FileType) -> Option<&'static str> {
    if file_type.is_file() {
        return None;
    }
    if file_type.is_dir() {
        return Some("a folder");
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if file_type.is_fifo() {
            return Some("a FIFO (named pipe)");
        }
        if file_type.is_socket() {
            return Some("a socket");
        }
        if file_type.is_block_device() || file_type.is_char_device() {
            return Some("a device");
        }
    }
    Some("not a regular file")
}

fn refuse(kind: &str) -> std::io::Error {
    std::io::Error::new(
        std::io::ErrorKind::InvalidInput,
        format!("it is {kind}, not a regular file"),
    )
}

/// Checks that `path` is a regular file (following symbolic links) without opening it.
pub fn check_regular(path: &Path) -> std::io::Result<()> {
    match not_regular(std::fs::metadata(path)?.file_type()) {
        Some(kind) => Err(refuse(kind)),
        None => Ok(()),
    }
}

/// Opens `path` for reading, refusing anything but a regular file before it is opened.
pub fn open_regular(path: &Path) -> std::io::Result<std::fs::File> {
    check_regular(path)?;
    let file = std::fs::File::open(path)?;
    // The path may have been swapped between the check and the open.
    if let Some(kind) = not_regular(file.metadata()?.file_type()) {
        return Err(refuse(kind));
    }
    Ok(file)
}

/// The bytes of the regular file `path`, refused when larger than `max`.
pub fn read_bytes(path: &Path, max: u64) -> std::io::Result<Vec<u8>> {
    let mut bytes = Vec::new();
    open_regular(path)?
        .take(max.saturating_add(1))
        .read_to_end(&mut bytes)?;
    if bytes.len() as u64 > max {
        return Err(std::io::Error::other(format!(
            "the file is larger than {}",
            size(max)
        )));
    }
    Ok(bytes)
}

/// The UTF-8 text of the regular file `path`, refused when larger than `max` bytes.
pub fn read_text(path: &Path, max: u64) -> std::io::Result<String> {
    let bytes = read_bytes(path, max)?;
    String::from_utf8(bytes).map_err(|e| {
        std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            format!(
                "not UTF-8 text (invalid byte at offset {})",
                e.utf8_error().valid_up_to()
            ),
        )
    })
}

/// `1048576` → `1 MiB`.
fn size(bytes: u64) -> String {
    const MIB: u64 = 1024 * 1024;
    if bytes >= MIB && bytes.is_multiple_of(MIB) {
        format!("{} MiB", bytes / MIB)
    } else {
        format!("{bytes} bytes")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_a_regular_file_within_its_bound() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.txt");
        std::fs::write(&path, "hello").unwrap();
        assert_eq!(read_text(&path, 5).unwrap(), "hello");
        let err = read_text(&path, 4).unwrap_err();
        assert!(err.to_string().contains("larger than 4 bytes"), "{err}");
    }

    #[test]
    fn refuses_a_folder_without_opening_it() {
        let dir = tempfile::tempdir().unwrap();
        let err = read_bytes(dir.path(), 10).unwrap_err();
        assert_eq!(err.to_string(), "it is a folder, not a regular file");
    }
}
