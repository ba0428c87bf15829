//! TLS through rustls with the ring provider and the Mozilla roots from `webpki-roots`; no
//! OpenSSL, no process-wide default provider needed.

use std::sync::Arc;

use rustls::{ClientConfig, RootCertStore};

use crate::error::{Error, Result};

/// The TLS set-up every HTTPS client of ConnectDesk uses (also the partner forwarding's).
pub fn client_config() -> Result<ClientConfig> {
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let roots = RootCertStore {
        roots: webpki_roots::TLS_SERVER_ROOTS.to_vec(),
    };
    let config = ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|err| Error::Config(format!("TLS setup failed: {err}")))?
        .with_root_certificates(roots)
        .with_no_client_auth();
    Ok(config)
}

#[cfg(test)]
mod tests {
    #[test]
    fn builds_with_ring_and_web_pki_roots() {
        let config = super::client_config().expect("TLS config");
        assert!(!config.crypto_provider().cipher_suites.is_empty());
    }
}
