//! Load on the HTTPS sync transport: many enrolled laptops polling at once.
//!
//! The request every idle laptop makes is "is there a newer snapshot?": a signed
//! `GET /sync/v1/snapshot/manifest` with `If-None-Match`, answered 304. This enrolls
//! `--clients` devices (one-time codes issued in the master, as the back office does;
//! real enrollment proofs over TLS), then each client polls on its own connection for
//! `--seconds`, with its own forward-only counter, and the run reports requests per
//! second and latency percentiles. `wrk` cannot do this: every request is signed anew.
//!
//! `scripts/bench-sync-load.sh` sets up the server and runs this.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use anyhow::Context as _;
use tournee_link::PinnedVerifier;
use tournee_sync::request_message;

fn arg(args: &[String], name: &str) -> anyhow::Result<String> {
    args.windows(2)
        .find(|w| w[0] == name)
        .map(|w| w[1].clone())
        .with_context(|| format!("missing {name}"))
}

struct Device {
    id: String,
    key: tournee_sync::DeviceKey,
    generation: String,
}

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let data = PathBuf::from(arg(&args, "--data")?);
    let url = arg(&args, "--url")?;
    let clients: usize = arg(&args, "--clients")?.parse()?;
    let seconds: u64 = arg(&args, "--seconds")?.parse()?;
    let work = tempfile::tempdir()?;

    let conn = rusqlite::Connection::open(data.join("tournee.sqlite"))?;
    let reps: Vec<String> = conn
        .prepare("SELECT windows_user FROM app_user WHERE active = 1 ORDER BY windows_user")?
        .query_map([], |r| r.get(0))?
        .collect::<Result<_, _>>()?;
    let mut devices = Vec::with_capacity(clients);
    for i in 0..clients {
        let rep = &reps[i % reps.len()];
        let code = tournee_store::issue_code(&conn, rep, "bench", chrono::Utc::now())?.code;
        let home = work.path().join(format!("laptop-{i}"));
        let credential = tournee_link::enroll(&home, &url, &code, &format!("bench-{i}"))?;
        let (_, key) = tournee_link::Credential::load(&home)?.context("just enrolled")?;
        let manifest: tournee_sync::SnapshotManifest = serde_json::from_slice(&std::fs::read(
            data.join("snapshots")
                .join(&credential.user)
                .join("manifest.json"),
        )?)?;
        devices.push(Device {
            id: credential.device_id,
            key,
            generation: manifest.generation,
        });
    }
    eprintln!("{clients} laptops enrolled; polling for {seconds} s");

    let until = Instant::now() + Duration::from_secs(seconds);
    let path = "/sync/v1/snapshot/manifest";
    let handles: Vec<_> = devices
        .into_iter()
        .map(|device| {
            let url = url.clone();
            std::thread::spawn(move || -> (Vec<Duration>, usize) {
                let verifier = PinnedVerifier::first_contact();
                let Ok(config) = verifier.client_config() else {
                    return (Vec::new(), 1);
                };
                let Ok(http) = reqwest::blocking::Client::builder()
                    .tls_backend_preconfigured(config)
                    .build()
                else {
                    return (Vec::new(), 1);
                };
                let (mut latencies, mut errors) = (Vec::new(), 0);
                let mut counter = 0u64;
                // The first request opens the connection (TCP + TLS): not counted.
                let mut warm = false;
                while Instant::now() < until {
                    counter += 1;
                    let message = request_message("GET", path, counter, b"");
                    let started = Instant::now();
                    let answer = http
                        .get(format!("{url}{path}"))
                        .header("x-tournee-device", &device.id)
                        .header("x-tournee-counter", counter.to_string())
                        .header("x-tournee-signature", device.key.sign_request(&message))
                        .header("if-none-match", format!("\"{}\"", device.generation))
                        .send();
                    match answer {
                        Ok(response) if response.status().as_u16() == 304 => {
                            if warm {
                                latencies.push(started.elapsed());
                            }
                            warm = true;
                        }
                        _ => errors += 1,
                    }
                }
                (latencies, errors)
            })
        })
        .collect();
    let (mut all, mut errors) = (Vec::new(), 0);
    for handle in handles {
        let (latencies, failed) = handle
            .join()
            .map_err(|_| anyhow::anyhow!("a client panicked"))?;
        all.extend(latencies);
        errors += failed;
    }
    all.sort();
    let at = |q: f64| {
        all.get(((all.len() as f64 - 1.0) * q) as usize)
            .copied()
            .unwrap_or_default()
    };
    println!(
        "clients {clients} requests {} req/s {:.0} p50_ms {:.1} p99_ms {:.1} errors {errors}",
        all.len(),
        all.len() as f64 / seconds as f64,
        at(0.50).as_secs_f64() * 1000.0,
        at(0.99).as_secs_f64() * 1000.0,
    );
    Ok(())
}
