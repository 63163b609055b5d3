//! The HTTPS transport's certificate: a self-signed one made at `init` (the demo and
//! small deployments: laptops pin it at enrollment), or any PEM pair the admin puts in
//! its place.

use std::fs;
use std::path::Path;
use std::sync::Arc;

use rustls::pki_types::pem::PemObject as _;
use rustls::pki_types::{CertificateDer, PrivateKeyDer};
use tournee_sync::sha256_hex;

/// Why the certificate could not be made or loaded.
#[derive(Debug, thiserror::Error)]
pub enum TlsError {
    /// Reading or writing a PEM file failed.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: std::path::PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
    /// The PEM content is not a certificate chain and a private key.
    #[error("{path}: {detail}")]
    Pem {
        /// The file.
        path: std::path::PathBuf,
        /// What is wrong.
        detail: String,
    },
    /// Generating or using the key failed.
    #[error("TLS: {0}")]
    Tls(String),
}

/// Writes a new self-signed certificate and its key (mode 0600), for `names` (host
/// names or IP addresses the laptops use) plus `localhost` and `127.0.0.1`.
pub fn generate_self_signed(cert: &Path, key: &Path, names: &[String]) -> Result<(), TlsError> {
    let mut all = vec!["localhost".to_string(), "127.0.0.1".to_string()];
    all.extend(names.iter().filter(|n| !n.is_empty()).cloned());
    all.dedup();
    let made = rcgen::generate_simple_self_signed(all).map_err(|e| TlsError::Tls(e.to_string()))?;
    for path in [cert, key] {
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent).map_err(|source| TlsError::Io {
                path: parent.to_path_buf(),
                source,
            })?;
        }
    }
    write_private(key, made.key_pair.serialize_pem().as_bytes())?;
    fs::write(cert, made.cert.pem()).map_err(|source| TlsError::Io {
        path: cert.to_path_buf(),
        source,
    })
}

fn write_private(path: &Path, bytes: &[u8]) -> Result<(), TlsError> {
    use std::io::Write as _;
    let mut options = fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt as _;
        options.mode(0o600);
    }
    let io = |source| TlsError::Io {
        path: path.to_path_buf(),
        source,
    };
    let mut file = options.open(path).map_err(io)?;
    file.write_all(bytes).map_err(io)
}

/// The certificate chain in `cert` (leaf first).
pub fn load_chain(cert: &Path) -> Result<Vec<CertificateDer<'static>>, TlsError> {
    let chain: Vec<_> = CertificateDer::pem_file_iter(cert)
        .map_err(|e| TlsError::Pem {
            path: cert.to_path_buf(),
            detail: e.to_string(),
        })?
        .collect::<Result<_, _>>()
        .map_err(|e| TlsError::Pem {
            path: cert.to_path_buf(),
            detail: e.to_string(),
        })?;
    if chain.is_empty() {
        return Err(TlsError::Pem {
            path: cert.to_path_buf(),
            detail: "no certificate".into(),
        });
    }
    Ok(chain)
}

/// SHA-256 (hex) of the leaf certificate: what laptops pin and the admin reads out.
pub fn fingerprint(cert: &Path) -> Result<String, TlsError> {
    Ok(sha256_hex(load_chain(cert)?[0].as_ref()))
}

/// The server side TLS configuration (ring provider, TLS 1.2 and 1.3).
pub fn server_config(cert: &Path, key: &Path) -> Result<Arc<rustls::ServerConfig>, TlsError> {
    let chain = load_chain(cert)?;
    let key = PrivateKeyDer::from_pem_file(key).map_err(|e| TlsError::Pem {
        path: key.to_path_buf(),
        detail: e.to_string(),
    })?;
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let mut config = rustls::ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| TlsError::Tls(e.to_string()))?
        .with_no_client_auth()
        .with_single_cert(chain, key)
        .map_err(|e| TlsError::Tls(e.to_string()))?;
    config.alpn_protocols = vec![b"http/1.1".to_vec()];
    Ok(Arc::new(config))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_generated_certificate_loads_and_has_a_stable_fingerprint() {
        let dir = tempfile::tempdir().unwrap();
        let (cert, key) = (
            dir.path().join("tls/cert.pem"),
            dir.path().join("tls/key.pem"),
        );
        generate_self_signed(&cert, &key, &["tournee.example.fr".into()]).unwrap();
        server_config(&cert, &key).unwrap();
        let print = fingerprint(&cert).unwrap();
        assert_eq!(print.len(), 64);
        assert_eq!(fingerprint(&cert).unwrap(), print);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt as _;
            let mode = fs::metadata(&key).unwrap().permissions().mode();
            assert_eq!(mode & 0o077, 0, "the key is private");
        }
        fs::write(&cert, "pas un certificat").unwrap();
        assert!(server_config(&cert, &key).is_err());
    }
}
