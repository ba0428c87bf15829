//! Timestamps as the store and the UI show them: ISO 8601 UTC with milliseconds.

use time::{format_description::well_known::Rfc3339, OffsetDateTime};

/// `deletedAt` of an entry that is not deleted.
pub const NOT_DELETED: &str = "1970-01-01T00:00:00.000Z";

/// Formats a moment as `2025-09-12T06:54:17.000Z`.
pub fn iso_millis(moment: OffsetDateTime) -> String {
    let utc = moment.to_offset(time::UtcOffset::UTC);
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}Z",
        utc.year(),
        u8::from(utc.month()),
        utc.day(),
        utc.hour(),
        utc.minute(),
        utc.second(),
        utc.millisecond()
    )
}

/// Stripe's Unix seconds as an ISO timestamp; `None` outside the representable range.
pub fn iso_from_unix(seconds: i64) -> Option<String> {
    OffsetDateTime::from_unix_timestamp(seconds)
        .ok()
        .map(iso_millis)
}

pub fn now_iso() -> String {
    iso_millis(OffsetDateTime::now_utc())
}

/// Parses an ISO 8601 / RFC 3339 timestamp, as filters on date fields accept.
pub fn parse_iso(text: &str) -> Option<OffsetDateTime> {
    OffsetDateTime::parse(text, &Rfc3339).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    #[test]
    fn formats_with_milliseconds_in_utc() {
        assert_eq!(
            iso_millis(datetime!(2025-09-12 06:54:17.000 UTC)),
            "2025-09-12T06:54:17.000Z"
        );
        assert_eq!(
            iso_millis(datetime!(2025-09-12 08:54:17.123 +2)),
            "2025-09-12T06:54:17.123Z"
        );
        assert_eq!(iso_millis(OffsetDateTime::UNIX_EPOCH), NOT_DELETED);
    }

    #[test]
    fn parses_what_it_formats() {
        let text = "2025-09-12T06:54:17.250Z";
        assert_eq!(iso_millis(parse_iso(text).expect("valid timestamp")), text);
        assert!(parse_iso("yesterday").is_none());
    }
}
