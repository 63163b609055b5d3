//! The laptop's transport without the window, for scripts and benchmarks:
//!
//! ```text
//! link enroll --home H --server https://host:8443 --code XXXX-XXXX-XXXX-XXXX
//! link sync   --home H --outbox O --snapshots S
//! ```
//! `sync` prints one line: files pushed, still waiting, snapshot bytes received, patch or not.

use std::path::PathBuf;

fn value(args: &[String], name: &str) -> anyhow::Result<String> {
    args.windows(2)
        .find(|w| w[0] == name)
        .map(|w| w[1].clone())
        .ok_or_else(|| anyhow::anyhow!("missing {name}"))
}

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let home = PathBuf::from(value(&args, "--home")?);
    match args.first().map(String::as_str) {
        Some("enroll") => {
            let credential = tournee_link::enroll(
                &home,
                &value(&args, "--server")?,
                &value(&args, "--code")?,
                "link-cli",
            )?;
            println!(
                "enrolled {} as device {}",
                credential.user, credential.device_id
            );
        }
        Some("sync") => {
            let report = tournee_link::sync_once(
                &home,
                &PathBuf::from(value(&args, "--outbox")?),
                &PathBuf::from(value(&args, "--snapshots")?),
            )?;
            println!(
                "pushed {} waiting {} downloaded_bytes {} patched {} generation {}",
                report.pushed,
                report.waiting,
                report.downloaded_bytes,
                report.patched,
                report.new_generation.as_deref().unwrap_or("-")
            );
        }
        _ => anyhow::bail!("usage: link enroll|sync --home DIR …"),
    }
    Ok(())
}
