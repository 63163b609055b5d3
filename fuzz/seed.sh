#!/usr/bin/env bash
# Seeds the fuzzing corpus with the spec's vectors, as `name\ncontent` inputs.
# Then: cargo +nightly fuzz run change_file -- -max_total_time=600
# and:  cargo +nightly fuzz run signed_change_file -- -max_total_time=300
set -euo pipefail
cd "$(dirname "$0")"
mkdir -p corpus/change_file
for file in ../sync-spec/vectors/files/*/*.json; do
    name="$(basename "$file")"
    { printf '%s\n' "$name"; cat "$file"; } > "corpus/change_file/seed-$name"
done
echo "$(ls corpus/change_file | wc -l) inputs in fuzz/corpus/change_file"
# signed_change_file: the first byte says which byte to flip after signing (0: none).
mkdir -p corpus/signed_change_file
for file in ../sync-spec/vectors/files/*/*.json; do
    name="$(basename "$file")"
    { printf '\x00'; cat "$file"; } > "corpus/signed_change_file/seed0-$name"
    { printf '\x05'; cat "$file"; } > "corpus/signed_change_file/seed5-$name"
done
echo "$(ls corpus/signed_change_file | wc -l) inputs in fuzz/corpus/signed_change_file"
