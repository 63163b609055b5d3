//! Where mails go: an SMTP server (lettre), or `.eml` files in the data directory.

use std::path::PathBuf;
use std::time::Duration;

use lettre::message::header::ContentType;
use lettre::message::Mailbox;
use lettre::transport::smtp::authentication::Credentials;
use lettre::{Message, SmtpTransport, Transport};
use tournee_store::{SmtpSettings, SmtpTls};

use super::render::MailContent;

/// Why a message could not be built (a bad address in the data or the parameters).
/// `Display` is the English line the mail queue logs.
#[derive(Debug, thiserror::Error)]
pub enum BuildError {
    /// An address does not parse.
    #[error("invalid address {address:?}: {reason}")]
    Address {
        /// The address.
        address: String,
        /// Why.
        reason: String,
    },
    /// lettre refused the message.
    #[error("invalid message: {0}")]
    Message(#[from] lettre::error::Error),
}

fn mailbox(address: &str) -> Result<Mailbox, BuildError> {
    address
        .parse()
        .map_err(|e: lettre::address::AddressError| BuildError::Address {
            address: address.to_string(),
            reason: e.to_string(),
        })
}

/// The message for notification `id`: `From:` the rep, `Sender:` the server, and a
/// `Message-ID` derived from the notification so a resent mail is recognisable.
pub fn build_message(id: i64, content: &MailContent, sender: &str) -> Result<Message, BuildError> {
    let mut builder = Message::builder()
        .from(mailbox(&content.from)?)
        .sender(mailbox(sender)?)
        .subject(content.subject.clone())
        .message_id(Some(format!("<notification-{id}@tournee>")))
        .header(ContentType::TEXT_PLAIN);
    for to in &content.to {
        builder = builder.to(mailbox(to)?);
    }
    for cc in &content.cc {
        builder = builder.cc(mailbox(cc)?);
    }
    Ok(builder.body(content.body.clone())?)
}

/// Something that takes a finished message for delivery.
pub trait MailTransport {
    /// Delivers; `Ok` holds what to log (server reply or file), `Err` why it failed: both
    /// English lines for the mail queue's log, never shown as sentences.
    fn deliver(&self, id: i64, message: &Message) -> Result<String, String>;
}

/// Delivery through an SMTP server.
pub struct SmtpMailer {
    transport: SmtpTransport,
}

impl SmtpMailer {
    /// A mailer for the configured server (connections are opened per send).
    pub fn new(settings: &SmtpSettings) -> Result<Self, lettre::transport::smtp::Error> {
        let builder = match settings.tls {
            SmtpTls::None => SmtpTransport::builder_dangerous(&settings.host),
            SmtpTls::Starttls => SmtpTransport::starttls_relay(&settings.host)?,
            SmtpTls::Implicit => SmtpTransport::relay(&settings.host)?,
        };
        let mut builder = builder
            .port(settings.port)
            .timeout(Some(Duration::from_secs(20)));
        if let (Some(user), Some(password)) = (&settings.username, &settings.password) {
            builder = builder.credentials(Credentials::new(user.clone(), password.clone()));
        }
        Ok(Self {
            transport: builder.build(),
        })
    }
}

impl MailTransport for SmtpMailer {
    fn deliver(&self, _id: i64, message: &Message) -> Result<String, String> {
        self.transport
            .send(message)
            .map(|response| format!("accepted: {}", response.code()))
            .map_err(|e| e.to_string())
    }
}

/// The embedded default: each mail as `<dir>/<notification id>.eml`, ready to open in
/// any mail client. Written atomically.
pub struct EmlDirectory {
    dir: PathBuf,
}

impl EmlDirectory {
    /// Mails will be written in `dir`.
    pub fn new(dir: PathBuf) -> Self {
        Self { dir }
    }
}

impl MailTransport for EmlDirectory {
    fn deliver(&self, id: i64, message: &Message) -> Result<String, String> {
        std::fs::create_dir_all(&self.dir).map_err(|e| format!("{}: {e}", self.dir.display()))?;
        let path = self.dir.join(format!("{id:06}.eml"));
        tournee_sync::write_atomically(&path, &message.formatted()).map_err(|e| e.to_string())?;
        Ok(format!("written to {}", path.display()))
    }
}
