//! A small `multipart/form-data` reader for file uploads (`POST /v1/files`).

/// One part of a multipart body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Part {
    pub name: String,
    pub filename: Option<String>,
    pub content_type: Option<String>,
    pub data: Vec<u8>,
}

/// The body is not valid multipart.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MultipartError(pub String);

/// The `boundary` parameter of a `multipart/form-data` content type.
pub fn boundary(content_type: &str) -> Option<String> {
    let (mime, params) = content_type.split_once(';')?;
    if !mime.trim().eq_ignore_ascii_case("multipart/form-data") {
        return None;
    }
    header_params(params)
        .into_iter()
        .find(|(k, _)| k.eq_ignore_ascii_case("boundary"))
        .map(|(_, v)| v)
        .filter(|b| !b.is_empty())
}

/// Splits `body` into its parts.
pub fn parse(body: &[u8], boundary: &str) -> Result<Vec<Part>, MultipartError> {
    let delimiter = format!("--{boundary}").into_bytes();
    let next_delimiter = format!("\r\n--{boundary}").into_bytes();
    let mut pos =
        find(body, &delimiter, 0).ok_or_else(|| err("missing opening boundary"))? + delimiter.len();
    let mut parts = Vec::new();
    loop {
        if body[pos..].starts_with(b"--") {
            return Ok(parts);
        }
        pos = skip_line_end(body, pos)?;
        let headers_end =
            find(body, b"\r\n\r\n", pos).ok_or_else(|| err("unterminated part headers"))?;
        let headers = std::str::from_utf8(&body[pos..headers_end])
            .map_err(|_| err("part headers are not UTF-8"))?;
        let data_start = headers_end + 4;
        let data_end = find(body, &next_delimiter, data_start)
            .ok_or_else(|| err("missing closing boundary"))?;
        parts.push(part(headers, body[data_start..data_end].to_vec())?);
        pos = data_end + next_delimiter.len();
    }
}

fn part(headers: &str, data: Vec<u8>) -> Result<Part, MultipartError> {
    let mut name = None;
    let mut filename = None;
    let mut content_type = None;
    for line in headers.split("\r\n") {
        let Some((header, value)) = line.split_once(':') else {
            continue;
        };
        if header.trim().eq_ignore_ascii_case("content-disposition") {
            let params = value.split_once(';').map(|(_, p)| p).unwrap_or("");
            for (k, v) in header_params(params) {
                match k.to_ascii_lowercase().as_str() {
                    "name" => name = Some(v),
                    "filename" => filename = Some(v),
                    _ => {}
                }
            }
        } else if header.trim().eq_ignore_ascii_case("content-type") {
            content_type = Some(value.trim().to_owned());
        }
    }
    let name = name.ok_or_else(|| err("a part has no name"))?;
    Ok(Part {
        name,
        filename,
        content_type,
        data,
    })
}

/// `; a=b; c="d e"` → `[(a, b), (c, d e)]`.
fn header_params(params: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut rest = params.trim_start_matches([';', ' ']);
    while let Some((key, after)) = rest.split_once('=') {
        let key = key.trim().trim_start_matches(';').trim().to_owned();
        let after = after.trim_start();
        let (value, remaining) = if let Some(quoted) = after.strip_prefix('"') {
            let end = quoted.find('"').unwrap_or(quoted.len());
            (
                quoted[..end].to_owned(),
                quoted.get(end + 1..).unwrap_or(""),
            )
        } else {
            let end = after.find(';').unwrap_or(after.len());
            (after[..end].trim().to_owned(), &after[end..])
        };
        out.push((key, value));
        rest = remaining.trim_start_matches([';', ' ']);
    }
    out
}

fn skip_line_end(body: &[u8], pos: usize) -> Result<usize, MultipartError> {
    if body[pos..].starts_with(b"\r\n") {
        Ok(pos + 2)
    } else {
        Err(err("boundary not followed by a line break"))
    }
}

fn find(haystack: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    haystack
        .get(from..)?
        .windows(needle.len())
        .position(|w| w == needle)
        .map(|i| i + from)
}

fn err(message: &str) -> MultipartError {
    MultipartError(message.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_fields_and_files() {
        let body = b"--XyZ\r\nContent-Disposition: form-data; name=\"purpose\"\r\n\r\ndispute_evidence\r\n--XyZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"r.png\"\r\nContent-Type: image/png\r\n\r\n\x89PNG\r\n\x00\r\n--XyZ--\r\n";
        let parts = parse(body, "XyZ").expect("valid multipart");
        assert_eq!(parts.len(), 2);
        assert_eq!(parts[0].name, "purpose");
        assert_eq!(parts[0].data, b"dispute_evidence");
        assert_eq!(parts[1].filename.as_deref(), Some("r.png"));
        assert_eq!(parts[1].content_type.as_deref(), Some("image/png"));
        assert_eq!(parts[1].data, b"\x89PNG\r\n\x00");
    }

    #[test]
    fn boundary_from_content_type() {
        assert_eq!(
            boundary("multipart/form-data; boundary=abc").as_deref(),
            Some("abc")
        );
        assert_eq!(
            boundary("multipart/form-data; charset=utf-8; boundary=\"a b\"").as_deref(),
            Some("a b")
        );
        assert_eq!(boundary("application/x-www-form-urlencoded"), None);
    }

    #[test]
    fn truncated_bodies_are_errors() {
        assert!(parse(
            b"--b\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nx",
            "b"
        )
        .is_err());
        assert!(parse(b"nothing", "b").is_err());
    }
}
