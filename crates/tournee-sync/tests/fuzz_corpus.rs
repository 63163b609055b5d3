//! Replays through the parser, on stable Rust: the spec's vector files (the fuzzer's seeds,
//! `fuzz/seed.sh`), the local fuzzing corpus when there is one (`fuzz/corpus/change_file/`,
//! not committed: libFuzzer's inputs for new coverage), and any crash artifact kept in
//! `fuzz/artifacts/change_file/`, so an input that once broke the parser stays a
//! regression test without nightly. Corpus inputs are `name\ncontent`, as the target reads them.

#![allow(clippy::unwrap_used)] // a panic is how a test reports failure

use std::path::Path;

#[test]
fn every_corpus_input_gets_a_verdict() {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let root = repo.join("fuzz");
    let mut inputs = Vec::new();
    for user in std::fs::read_dir(repo.join("sync-spec/vectors/files")).unwrap() {
        for file in std::fs::read_dir(user.unwrap().path()).unwrap() {
            let path = file.unwrap().path();
            let mut input = path
                .file_name()
                .unwrap()
                .to_string_lossy()
                .into_owned()
                .into_bytes();
            input.push(b'\n');
            input.extend(std::fs::read(&path).unwrap());
            inputs.push(input);
        }
    }
    for folder in ["corpus/change_file", "artifacts/change_file"] {
        let Ok(entries) = std::fs::read_dir(root.join(folder)) else {
            continue;
        };
        for entry in entries {
            inputs.push(std::fs::read(entry.unwrap().path()).unwrap());
        }
    }
    assert!(inputs.len() >= 40, "the seeds are there: {}", inputs.len());
    let (mut accepted, mut refused) = (0, 0);
    for data in &inputs {
        let (name, content) = match data.iter().position(|b| *b == b'\n') {
            Some(split) => (
                String::from_utf8_lossy(&data[..split]).into_owned(),
                &data[split + 1..],
            ),
            None => (
                "VC_jdupont_01KAZ0Q8M9N6D5Y4X3W2V1T0SR.json".to_string(),
                &data[..],
            ),
        };
        match tournee_sync::parse_change_file(&name, content, 1024 * 1024) {
            Ok(envelope) => {
                accepted += 1;
                // What parses names its own file: the name check holds for every input.
                assert_eq!(
                    envelope.file_name().to_string(),
                    tournee_sync::strip_conflict_marker(&name).unwrap_or(name)
                );
            }
            Err(_) => refused += 1,
        }
    }
    assert!(
        accepted > 0 && refused > 0,
        "accepted {accepted}, refused {refused}"
    );
}
