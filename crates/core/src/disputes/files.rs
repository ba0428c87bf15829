//! Evidence files: checked before anything is sent. Stripe takes PDF, JPEG and PNG for dispute
//! evidence, at most 5 MB each; the type is read from the file's first bytes, never from its
//! name.

use crate::{CoreError, ErrorCode, Result};

/// Stripe's limit for one dispute evidence file.
pub const MAX_FILE_BYTES: usize = 5 * 1024 * 1024;

/// What a file's first bytes say it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EvidenceFileType {
    Pdf,
    Jpeg,
    Png,
}

impl EvidenceFileType {
    pub fn extension(self) -> &'static str {
        match self {
            Self::Pdf => "pdf",
            Self::Jpeg => "jpg",
            Self::Png => "png",
        }
    }

    pub fn media_type(self) -> &'static str {
        match self {
            Self::Pdf => "application/pdf",
            Self::Jpeg => "image/jpeg",
            Self::Png => "image/png",
        }
    }
}

/// The type of `data` by its magic bytes.
pub fn sniff(data: &[u8]) -> Option<EvidenceFileType> {
    if data.starts_with(b"%PDF-") {
        Some(EvidenceFileType::Pdf)
    } else if data.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some(EvidenceFileType::Jpeg)
    } else if data.starts_with(&[0x89, b'P', b'N', b'G', b'\r', b'\n', 0x1A, b'\n']) {
        Some(EvidenceFileType::Png)
    } else {
        None
    }
}

/// "1.2 MB", "830 KB", "12 bytes".
pub fn size_words(bytes: u64) -> String {
    const KB: u64 = 1024;
    const MB: u64 = 1024 * KB;
    if bytes >= MB {
        format!("{}.{} MB", bytes / MB, bytes % MB * 10 / MB)
    } else if bytes >= KB {
        format!("{} KB", bytes.div_ceil(KB))
    } else if bytes == 1 {
        "1 byte".into()
    } else {
        format!("{bytes} bytes")
    }
}

/// Checks an evidence file for `field`; the name to upload it under (with the extension of its
/// real type) and its type. A bad file is refused next to the field and nothing is sent.
pub fn check(field: &str, name: &str, data: &[u8]) -> Result<(String, EvidenceFileType)> {
    if data.is_empty() {
        return Err(CoreError::on_field(
            ErrorCode::InvalidValue,
            field,
            format!("{name} is empty."),
        ));
    }
    let Some(kind) = sniff(data) else {
        return Err(CoreError::on_field(
            ErrorCode::InvalidValue,
            field,
            format!("{name} is not a PDF, JPEG or PNG file; Stripe takes only those as evidence. Nothing was uploaded."),
        ));
    };
    if data.len() > MAX_FILE_BYTES {
        return Err(CoreError::on_field(
            ErrorCode::TooLong,
            field,
            format!(
                "{name} is {}; Stripe takes evidence files of at most {}. Nothing was uploaded.",
                size_words(data.len() as u64),
                size_words(MAX_FILE_BYTES as u64)
            ),
        ));
    }
    let stem = name.rsplit_once('.').map_or(name, |(stem, _)| stem).trim();
    let stem = if stem.is_empty() { "evidence" } else { stem };
    Ok((format!("{stem}.{}", kind.extension()), kind))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_type_comes_from_the_bytes_not_the_name() {
        let pdf = b"%PDF-1.7\n...";
        let png = [0x89, b'P', b'N', b'G', b'\r', b'\n', 0x1A, b'\n', 0, 0];
        let jpeg = [0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10];
        assert_eq!(
            check("receipt", "receipt.pdf", pdf).map(|c| c.1),
            Ok(EvidenceFileType::Pdf)
        );
        assert_eq!(
            check("receipt", "scan.pdf", &png).map(|c| c.0),
            Ok("scan.png".to_string())
        );
        assert_eq!(
            check("receipt", "photo", &jpeg).map(|c| c.0),
            Ok("photo.jpg".to_string())
        );
        let err = check("receipt", "notes.pdf", b"plain text").expect_err("not a pdf");
        assert_eq!(
            (err.code, err.field.as_deref()),
            (ErrorCode::InvalidValue, Some("receipt"))
        );
        let err = check("receipt", "empty.pdf", b"").expect_err("empty");
        assert_eq!(err.code, ErrorCode::InvalidValue);
    }

    #[test]
    fn a_file_over_five_megabytes_is_refused() {
        let mut big = b"%PDF-1.4".to_vec();
        big.resize(MAX_FILE_BYTES, b' ');
        assert!(
            check("receipt", "big.pdf", &big).is_ok(),
            "exactly 5 MB is fine"
        );
        big.push(b' ');
        let err = check("receipt", "big.pdf", &big).expect_err("too large");
        assert_eq!(err.code, ErrorCode::TooLong);
        assert!(err.message.contains("5.0 MB"), "{}", err.message);
        assert_eq!(size_words(1), "1 byte");
        assert_eq!(size_words(2048), "2 KB");
    }
}
