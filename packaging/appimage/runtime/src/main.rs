//! The AppImage runtime's entry point: dispatches the `--appimage-…` options (as the
//! first argument, like the official runtime) or runs the app.

use std::ffi::OsString;
use std::path::PathBuf;
use std::process::ExitCode;

use tournee_appimage_runtime::cache::{self, Outcome};
use tournee_appimage_runtime::image::Limits;
use tournee_appimage_runtime::launch::Launch;
use tournee_appimage_runtime::{extract_into, payload_offset_of, RuntimeError};

const HELP: &str = "\
This file is an AppImage: the Tournée field app with its own runtime.
Started without options, it unpacks itself once into ~/.cache/tournee/appimage/ and runs.
  --appimage-extract          unpack into ./squashfs-root and stop
  --appimage-extract-and-run  start the app (the default; FUSE is never used)
  --appimage-offset           print where the squashfs starts in this file
  --appimage-version          print the runtime's version
  --appimage-help             print this help";

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("appimage: {error}");
            ExitCode::from(127)
        }
    }
}

fn run() -> Result<(), RuntimeError> {
    let mut args = std::env::args_os();
    let argv0 = args.next().unwrap_or_default();
    let mut args: Vec<OsString> = args.collect();
    let exe = PathBuf::from("/proc/self/exe");
    let appimage = std::fs::canonicalize(&exe)
        .map_err(|source| RuntimeError::SelfRead { path: exe, source })?;
    let option = args
        .first()
        .and_then(|a| a.to_str())
        .filter(|a| a.starts_with("--appimage-"));
    match option {
        Some("--appimage-version") => {
            println!(
                "tournee-appimage-runtime {} (AppImage type 2, extract and run)",
                env!("CARGO_PKG_VERSION")
            );
            Ok(())
        }
        Some("--appimage-help") => {
            println!("{HELP}");
            Ok(())
        }
        Some("--appimage-offset") => {
            println!("{}", payload_offset_of(&appimage)?);
            Ok(())
        }
        Some("--appimage-extract") => {
            if args.len() > 1 {
                return Err(RuntimeError::ExtractPattern);
            }
            let offset = payload_offset_of(&appimage)?;
            let cwd = std::env::current_dir().map_err(RuntimeError::CurrentDir)?;
            let dest = extract_into(&cwd, &appimage, offset)?;
            println!("{}", dest.display());
            Ok(())
        }
        Some("--appimage-extract-and-run") => {
            args.remove(0);
            start(appimage, argv0, args)
        }
        Some(_) => Err(RuntimeError::UnknownOption(args.swap_remove(0))),
        None => start(appimage, argv0, args),
    }
}

/// Unpacks (or reuses) the AppDir and becomes its AppRun.
fn start(appimage: PathBuf, argv0: OsString, args: Vec<OsString>) -> Result<(), RuntimeError> {
    let offset = payload_offset_of(&appimage)?;
    let root = cache::cache_root(
        std::env::var_os("XDG_CACHE_HOME")
            .as_deref()
            .map(std::path::Path::new),
        std::env::var_os("HOME")
            .as_deref()
            .map(std::path::Path::new),
    )?;
    let (appdir, outcome) = cache::ensure_unpacked(&root, &appimage, offset, Limits::default())?;
    if outcome == Outcome::Unpacked && std::env::var_os("APPIMAGE_DEBUG").is_some() {
        eprintln!("appimage: unpacked into {}", appdir.display());
    }
    let launch = Launch {
        appimage,
        appdir,
        argv0,
        args,
        owd: std::env::current_dir().ok(),
    };
    let path = launch.appdir.join(tournee_appimage_runtime::image::APP_RUN);
    Err(RuntimeError::Exec {
        path,
        source: launch.exec(),
    })
}
