//! Certificates made for one test with rcgen: a CA, a server certificate for 127.0.0.1 and a client
//! certificate, both signed by the CA, written as PEM files into a temporary directory.

pub fn ca(
    name: &str,
) -> (
    rcgen::CertifiedKey<rcgen::KeyPair>,
    rcgen::CertificateParams,
) {
    let key = rcgen::KeyPair::generate().unwrap();
    let mut params = rcgen::CertificateParams::new(Vec::<String>::new()).unwrap();
    params.is_ca = rcgen::IsCa::Ca(rcgen::BasicConstraints::Unconstrained);
    params
        .distinguished_name
        .push(rcgen::DnType::CommonName, name);
    params.key_usages = vec![
        rcgen::KeyUsagePurpose::KeyCertSign,
        rcgen::KeyUsagePurpose::CrlSign,
    ];
    let cert = params.self_signed(&key).unwrap();
    (
        rcgen::CertifiedKey {
            cert,
            signing_key: key,
        },
        params,
    )
}

pub struct Pki {
    dir: tempfile::TempDir,
    pub ca_pem: String,
    /// (certificate, key) PEM.
    pub client: (String, String),
}

impl Pki {
    pub fn new() -> Pki {
        let dir = tempfile::tempdir().unwrap();
        let (ca, ca_params) = ca("WattDesk test CA");
        let issuer = rcgen::Issuer::from_params(&ca_params, &ca.signing_key);
        let leaf = |names: Vec<String>| {
            let key = rcgen::KeyPair::generate().unwrap();
            let cert = rcgen::CertificateParams::new(names)
                .unwrap()
                .signed_by(&key, &issuer)
                .unwrap();
            (cert.pem(), key.serialize_pem())
        };
        let server = leaf(vec!["127.0.0.1".to_owned(), "localhost".to_owned()]);
        let client = leaf(vec!["wattdesk-client".to_owned()]);
        let pki = Pki {
            dir,
            ca_pem: ca.cert.pem(),
            client,
        };
        std::fs::write(pki.path("ca.pem"), &pki.ca_pem).unwrap();
        std::fs::write(pki.path("server.pem"), server.0).unwrap();
        std::fs::write(pki.path("server.key"), server.1).unwrap();
        pki
    }

    pub fn path(&self, name: &str) -> std::path::PathBuf {
        self.dir.path().join(name)
    }

    /// mosquitto listener lines for TLS with these files, `extra` appended.
    pub fn listener(&self, extra: &str) -> String {
        format!(
            "cafile {}\ncertfile {}\nkeyfile {}\n{extra}",
            self.path("ca.pem").display(),
            self.path("server.pem").display(),
            self.path("server.key").display()
        )
    }
}
