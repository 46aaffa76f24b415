//! Plain text, and decoding bytes that claim to be text.

use super::Extracted;

/// Decodes text: UTF-8 (with or without a byte-order mark) or UTF-16 with a byte-order mark. Invalid
/// UTF-8 is replaced, and the returned note says so.
pub(super) fn decode(bytes: &[u8]) -> (String, Option<String>) {
    if let Some(rest) = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        return decode(rest);
    }
    let utf16 = |rest: &[u8], little: bool| -> String {
        let units: Vec<u16> = rest
            .chunks_exact(2)
            .map(|pair| {
                if little {
                    u16::from_le_bytes([pair[0], pair[1]])
                } else {
                    u16::from_be_bytes([pair[0], pair[1]])
                }
            })
            .collect();
        String::from_utf16_lossy(&units)
    };
    if let Some(rest) = bytes.strip_prefix(&[0xFF, 0xFE]) {
        return (utf16(rest, true), None);
    }
    if let Some(rest) = bytes.strip_prefix(&[0xFE, 0xFF]) {
        return (utf16(rest, false), None);
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => (text.to_string(), None),
        Err(err) => (
            String::from_utf8_lossy(bytes).into_owned(),
            Some(format!(
                "not UTF-8 text (invalid byte at offset {}); read with invalid bytes replaced",
                err.valid_up_to()
            )),
        ),
    }
}

pub(super) fn read(bytes: &[u8]) -> Extracted {
    let (text, note) = decode(bytes);
    Extracted {
        text,
        notes: note.into_iter().collect(),
        ..Extracted::default()
    }
}
