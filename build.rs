//! Reads `tauri.conf.json` and the capabilities beside this manifest (Tauri's build step).
//!
//! The window embeds `ui/dist`, which `npm run build` makes. On a fresh clone it does not
//! exist yet and Tauri's macro would stop the whole `cargo build --workspace` with a
//! panic; instead a one-page stand-in is written there (`ui/dist` is ignored by git) and
//! cargo prints what to run. The server, the libraries and their tests need no UI.

use std::fs;
use std::path::Path;

/// What the window shows when it was built before the front end.
const STAND_IN: &str = r#"<!doctype html>
<html lang="fr"><head><meta charset="utf-8"><title>Tournée</title></head>
<body style="font-family: sans-serif; margin: 3em">
<h1>L'interface n'est pas construite</h1>
<p>Cette fenêtre a été compilée avant l'interface. Lancez <code>cd ui &amp;&amp; npm ci &amp;&amp; npm run build</code>,
puis recompilez (<code>cargo build</code>), ou utilisez <code>./scripts/demo.sh</code> qui fait tout.</p>
<p lang="en">The user interface was not built: run <code>cd ui &amp;&amp; npm ci &amp;&amp; npm run build</code>, then build again.</p>
</body></html>
"#;

fn main() {
    let dist = Path::new("ui/dist");
    println!("cargo:rerun-if-changed=ui/dist");
    // The update key built in (src/commands/update.rs).
    println!("cargo:rerun-if-env-changed=TOURNEE_UPDATE_PUBKEY");
    if !dist.join("index.html").exists() {
        if let Err(error) =
            fs::create_dir_all(dist).and_then(|()| fs::write(dist.join("index.html"), STAND_IN))
        {
            panic!("ui/dist is missing and could not be written ({error}): run `cd ui && npm ci && npm run build`");
        }
        println!(
            "cargo:warning=ui/dist was missing: the app window shows a stand-in page; run `cd ui && npm ci && npm run build`, then build again"
        );
    }
    tauri_build::build();
}
