//! URL checks for parameters such as `business_profile[url]` and `return_url`.

/// Whether `raw` is an http(s) URL with a plausible host (a missing scheme means https, as
/// Stripe accepts `example.com` for a business website).
pub fn is_web_url(raw: &str) -> bool {
    let candidate = if raw.contains("://") {
        raw.to_owned()
    } else {
        format!("https://{raw}")
    };
    url::Url::parse(&candidate)
        .map(|u| {
            matches!(u.scheme(), "http" | "https")
                && u.host_str()
                    .is_some_and(|h| h.contains('.') || h == "localhost" || h.starts_with('['))
        })
        .unwrap_or(false)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn web_urls() {
        assert!(is_web_url("https://downtowngrill.com"));
        assert!(is_web_url("downtowngrill.com"));
        assert!(is_web_url("http://127.0.0.1:8080/return"));
        assert!(is_web_url("http://localhost:3000/x"));
        assert!(!is_web_url("ftp://x.com"));
        assert!(!is_web_url("not a url"));
    }
}
