#!/usr/bin/env bash
# Seeds the fuzzing corpus with the spec's vectors, as `name\ncontent` inputs.
# Then: cargo +nightly fuzz run change_file -- -max_total_time=600
# and:  cargo +nightly fuzz run signed_change_file -- -max_total_time=300
# (field_values and visit_form_outline likewise; see docs/benchmarks.md « Fuzzing »)
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
# field_values: what people type into the checked fields.
mkdir -p corpus/field_values
i=0
for value in "06 12 34 56 78" "+33 (0)6 12 34 56 78" "(+33) 6 12 34 56 78" "0590 27 12 34" \
    "+590 590 27 12 34" "0508 41 23 45" "+44 020 7946 0958" "+39 06 1234 5678" \
    "FR76 3000 6000 0112 3456 7890 189" "MT84 MALT 0110 0001 2345 MTLC AST0 01S" \
    "BNPAFRPPXXX" "73282932000074" "356000000" "FR44732829320" "DE123456789" "EL123456789" \
    "2026-11-20" "24-01-05"; do
    i=$((i + 1))
    printf '%s' "$value" > "corpus/field_values/seed-$i"
done
echo "$(ls corpus/field_values | wc -l) inputs in fuzz/corpus/field_values"
# visit_form_outline: the default form as the admin's editor shows it.
mkdir -p corpus/visit_form_outline
cat > corpus/visit_form_outline/seed-default <<'OUTLINE'
? type_contact | Type de contact | Contact type | radio | obligatoire
  - visite | Visite | Visit
  - telephone | Téléphone | Phone
? type_visite | Type de visite | Visit type | cases
  - commande | Commande | Order
  - proposition | Remise de proposition | Proposal
    ? proposition_type | Type | Type | cases
      - agraire | Agraire | Farm
OUTLINE
echo "$(ls corpus/visit_form_outline | wc -l) inputs in fuzz/corpus/visit_form_outline"
