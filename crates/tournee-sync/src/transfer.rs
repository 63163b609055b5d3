//! Snapshot downloads over the HTTPS transport: a whole database compressed with
//! zstd, or a zstd patch against the generation the laptop already has (the same
//! `--patch-from` the zstd tool offers). A day's changes touch few pages, so a patch
//! is a small fraction of the compressed database (`docs/benchmarks.md`).

use std::io::{Read, Write};

/// Compression level of full downloads: fast enough to build on demand.
const FULL_LEVEL: i32 = 9;
/// Compression level of patches: small, built once per generation.
const PATCH_LEVEL: i32 = 19;
/// Window covering the reference database (128 MiB), as `--long=27`.
const WINDOW_LOG: u32 = 27;

/// Compresses a whole database.
pub fn compress_full(database: &[u8], out: impl Write) -> std::io::Result<()> {
    let mut encoder = zstd::stream::write::Encoder::new(out, FULL_LEVEL)?;
    encoder.include_contentsize(true)?;
    encoder.set_pledged_src_size(Some(database.len() as u64))?;
    encoder.write_all(database)?;
    encoder.finish()?.flush()
}

/// A patch turning `previous` into `current`.
pub fn compress_patch(previous: &[u8], current: &[u8], out: impl Write) -> std::io::Result<()> {
    let mut encoder = zstd::stream::write::Encoder::with_ref_prefix(out, PATCH_LEVEL, previous)?;
    encoder.window_log(WINDOW_LOG)?;
    encoder.long_distance_matching(true)?;
    encoder.include_contentsize(true)?;
    encoder.set_pledged_src_size(Some(current.len() as u64))?;
    encoder.write_all(current)?;
    encoder.finish()?.flush()
}

/// Decompresses a full download.
pub fn decompress_full(compressed: impl Read, out: &mut impl Write) -> std::io::Result<u64> {
    let mut decoder = zstd::stream::read::Decoder::new(compressed)?;
    decoder.window_log_max(WINDOW_LOG)?;
    std::io::copy(&mut decoder, out)
}

/// Applies a patch to `previous`.
pub fn apply_patch(
    previous: &[u8],
    patch: impl Read,
    out: &mut impl Write,
) -> std::io::Result<u64> {
    let mut decoder =
        zstd::stream::read::Decoder::with_ref_prefix(std::io::BufReader::new(patch), previous)?;
    decoder.window_log_max(WINDOW_LOG)?;
    std::io::copy(&mut decoder, out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn database(seed: u8, len: usize) -> Vec<u8> {
        (0..len)
            .map(|i| (i as u8).wrapping_mul(31).wrapping_add(seed) ^ (i / 4096) as u8)
            .collect()
    }

    #[test]
    fn a_full_download_and_a_patch_both_rebuild_the_database() {
        let previous = database(1, 3_000_000);
        let mut current = previous.clone();
        current[1_000_000..1_000_100].copy_from_slice(&[7; 100]);
        current.extend_from_slice(b"nouvelle ligne");

        let mut full = Vec::new();
        compress_full(&current, &mut full).unwrap();
        let mut rebuilt = Vec::new();
        decompress_full(full.as_slice(), &mut rebuilt).unwrap();
        assert_eq!(rebuilt, current);

        let mut patch = Vec::new();
        compress_patch(&previous, &current, &mut patch).unwrap();
        assert!(
            patch.len() * 20 < full.len(),
            "patch {} vs full {}",
            patch.len(),
            full.len()
        );
        let mut rebuilt = Vec::new();
        apply_patch(&previous, patch.as_slice(), &mut rebuilt).unwrap();
        assert_eq!(rebuilt, current);
    }

    #[test]
    fn a_patch_applied_to_the_wrong_base_does_not_give_the_database() {
        let previous = database(1, 500_000);
        let mut current = previous.clone();
        current[10] = 0;
        let mut patch = Vec::new();
        compress_patch(&previous, &current, &mut patch).unwrap();
        let other = database(2, 500_000);
        let mut rebuilt = Vec::new();
        let result = apply_patch(&other, patch.as_slice(), &mut rebuilt);
        assert!(result.is_err() || rebuilt != current);
    }
}
