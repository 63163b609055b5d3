//! Running the AppDir's `AppRun` in place of the runtime, as the AppImage specification
//! asks: same arguments and environment, plus `APPIMAGE` (the image's path), `APPDIR` (the
//! unpacked folder), `ARGV0` (the name the image was started by) and `OWD` (the folder it
//! was started from).

use std::ffi::OsString;
use std::io;
use std::os::unix::process::CommandExt as _;
use std::path::PathBuf;
use std::process::Command;

use crate::image::APP_RUN;

/// What the AppRun is started with.
#[derive(Debug)]
pub struct Launch {
    /// The AppImage file (absolute, symlinks resolved).
    pub appimage: PathBuf,
    /// The unpacked AppDir.
    pub appdir: PathBuf,
    /// The runtime's own `argv[0]`.
    pub argv0: OsString,
    /// The arguments after `argv[0]`, passed on unchanged.
    pub args: Vec<OsString>,
    /// The working folder at start, when it still exists.
    pub owd: Option<PathBuf>,
}

impl Launch {
    /// The AppRun command with the specification's variables set.
    pub fn command(&self) -> Command {
        let mut command = Command::new(self.appdir.join(APP_RUN));
        command
            .args(&self.args)
            .env("APPIMAGE", &self.appimage)
            .env("APPDIR", &self.appdir)
            .env("ARGV0", &self.argv0);
        if let Some(owd) = &self.owd {
            command.env("OWD", owd);
        }
        command
    }

    /// Replaces this process by the AppRun (same pid, so whoever started the AppImage —
    /// a desktop, tauri-driver — talks to the app itself). Returns only on failure.
    pub fn exec(&self) -> io::Error {
        self.command().exec()
    }
}
