//! Worked examples of the rounding rules (each figure computed by hand in the comment) and
//! a property test that the totals always add up.

use proptest::prelude::*;

use super::*;

fn line(
    label: &str,
    quantity_milli: i64,
    unit_price_cents: i64,
    discount_bp: u32,
    vat: VatRate,
) -> QuoteLine {
    QuoteLine {
        reference: None,
        label: label.into(),
        quantity_milli,
        unit: "pièce".into(),
        unit_price_cents,
        discount_bp,
        vat,
    }
}

#[test]
fn brief_002s_kitchen_quote_adds_up_to_the_cent() {
    // 1 × 1 500,00 € at 20 % = 1 500,00 €; 2 × 489,90 € − 10 % = 881,82 € at 20 %.
    // Excl. 2 381,82 €; VAT 20 % of 2 381,82 = 476,364 → 476,36 €; incl. 2 858,18 €.
    let lines = [
        line(
            "Un projet de design de cuisine",
            1000,
            150_000,
            0,
            VatRate::Standard,
        ),
        line(
            "Une armoire de 100cm",
            2000,
            48_990,
            1000,
            VatRate::Standard,
        ),
    ];
    let totals = quote_totals(&lines);
    assert_eq!(totals.line_nets_cents, vec![150_000, 88_182]);
    assert_eq!(totals.excl_vat_cents, 238_182);
    assert_eq!(
        totals.vat,
        vec![VatAmount {
            rate: VatRate::Standard,
            base_cents: 238_182,
            vat_cents: 47_636
        }]
    );
    assert_eq!(totals.vat_cents, 47_636);
    assert_eq!(totals.incl_vat_cents, 285_818);
}

#[test]
fn vat_is_rounded_once_per_rate_not_once_per_line() {
    // Ten lines of 0,03 € at 20 %: per line the VAT would be 0,006 → 0,01 € (0,10 € in all);
    // on the rate's base of 0,30 € it is 0,06 €, which is the rule.
    let lines: Vec<QuoteLine> = (0..10)
        .map(|_| line("Vis", 1000, 3, 0, VatRate::Standard))
        .collect();
    let totals = quote_totals(&lines);
    assert_eq!(totals.excl_vat_cents, 30);
    assert_eq!(totals.vat_cents, 6);
    assert_eq!(totals.incl_vat_cents, 36);
}

#[test]
fn a_lines_net_is_rounded_half_up_once() {
    // 1,5 × 0,33 € = 0,495 € → 0,50 €; 0,333 × 1,00 € = 0,333 € → 0,33 €;
    // 3 × 0,99 € − 12,5 % = 2,59875 € → 2,60 €; 1 × 0,01 € − 50 % = 0,005 € → 0,01 €.
    assert_eq!(
        line_net_cents(&line("a", 1500, 33, 0, VatRate::Standard)),
        50
    );
    assert_eq!(
        line_net_cents(&line("b", 333, 100, 0, VatRate::Standard)),
        33
    );
    assert_eq!(
        line_net_cents(&line("c", 3000, 99, 1250, VatRate::Standard)),
        260
    );
    assert_eq!(
        line_net_cents(&line("d", 1000, 1, 5000, VatRate::Standard)),
        1
    );
    assert_eq!(
        line_net_cents(&line("e", 1000, 12_345, 10_000, VatRate::Standard)),
        0
    );
}

#[test]
fn several_rates_are_listed_lowest_first_each_with_its_base() {
    // 10,10 € at 5,5 % → 0,5555 € → 0,56 €; 100,00 € at 20 % → 20,00 €;
    // 7,00 € at 2,1 % → 0,147 € → 0,15 €; 4,00 € at 0 % → 0.
    let lines = [
        line("Travaux", 1000, 10_000, 0, VatRate::Standard),
        line("Isolation", 1000, 1010, 0, VatRate::Reduced),
        line("Revue", 1000, 700, 0, VatRate::SuperReduced),
        line("Export", 1000, 400, 0, VatRate::Zero),
    ];
    let totals = quote_totals(&lines);
    let rates: Vec<(u32, i64, i64)> = totals
        .vat
        .iter()
        .map(|v| (v.rate.basis_points(), v.base_cents, v.vat_cents))
        .collect();
    assert_eq!(
        rates,
        vec![
            (0, 400, 0),
            (210, 700, 15),
            (550, 1010, 56),
            (2000, 10_000, 2000)
        ]
    );
    assert_eq!(totals.excl_vat_cents, 12_110);
    assert_eq!(totals.vat_cents, 2071);
    assert_eq!(totals.incl_vat_cents, 14_181);
}

#[test]
fn rates_are_read_from_basis_points_and_written_the_french_way() {
    assert_eq!(VatRate::from_basis_points(550), Some(VatRate::Reduced));
    assert_eq!(VatRate::from_basis_points(1960), None);
    assert_eq!(VatRate::Reduced.label_fr(), "5,5 %");
    assert_eq!(VatRate::SuperReduced.label_fr(), "2,1 %");
    assert_eq!(VatRate::Standard.label_fr(), "20 %");
    assert_eq!(percent_fr(1250), "12,5 %");
    assert_eq!(percent_fr(1234), "12,34 %");
    let json: Result<QuoteLine, _> = serde_json::from_value(serde_json::json!({
        "label": "x", "quantity_milli": 1000, "unit_price_cents": 1, "vat": 1960
    }));
    assert!(json.is_err(), "19,6 % is no longer a French rate");
}

#[test]
fn each_faulty_value_is_refused_with_its_line_and_field() {
    let good = line("Armoire", 1000, 100, 0, VatRate::Standard);
    let field = |lines: &[QuoteLine]| check_lines(lines).map_err(|e| e.field().to_owned());
    assert_eq!(field(&[]), Err("lines".into()));
    assert_eq!(field(std::slice::from_ref(&good)), Ok(()));
    let mut zero = good.clone();
    zero.quantity_milli = 0;
    assert_eq!(
        field(&[good.clone(), zero]),
        Err("lines[1].quantity_milli".into())
    );
    let mut negative = good.clone();
    negative.unit_price_cents = -1;
    assert_eq!(field(&[negative]), Err("lines[0].unit_price_cents".into()));
    let mut over = good.clone();
    over.discount_bp = 10_001;
    assert_eq!(field(&[over]), Err("lines[0].discount_bp".into()));
    let mut blank = good.clone();
    blank.label = "  ".into();
    assert_eq!(field(&[blank]), Err("lines[0].label".into()));
    let mut broken = good.clone();
    broken.label = "deux\nlignes".into();
    assert_eq!(field(&[broken]), Err("lines[0].label".into()));
    let many = vec![good; MAX_LINES + 1];
    assert_eq!(field(&many), Err("lines".into()));
}

#[test]
fn status_moves_follow_draft_sent_then_accepted_or_refused() {
    use QuoteStatus::*;
    let allowed = [
        (Draft, Draft),
        (Draft, Sent),
        (Sent, Sent),
        (Sent, Accepted),
        (Sent, Refused),
    ];
    for from in QuoteStatus::ALL {
        for to in QuoteStatus::ALL {
            assert_eq!(
                from.check_move(to).is_ok(),
                allowed.contains(&(from, to)),
                "{from:?} → {to:?}"
            );
        }
    }
    assert!(Accepted.is_closed() && Refused.is_closed());
    assert!(!Draft.is_closed() && !Sent.is_closed());
    assert_eq!(QuoteStatus::from_code("sent"), Some(Sent));
    assert_eq!(QuoteStatus::from_code("won"), None);
}

fn any_line() -> impl Strategy<Value = QuoteLine> {
    (
        1..=MAX_QUANTITY_MILLI,
        0..=MAX_UNIT_PRICE_CENTS,
        0..=MAX_DISCOUNT_BP,
        prop::sample::select(VatRate::ALL.to_vec()),
    )
        .prop_map(|(q, p, d, vat)| line("x", q, p, d, vat))
}

proptest! {
    #[test]
    fn totals_always_add_up(lines in prop::collection::vec(any_line(), 1..=MAX_LINES)) {
        prop_assert!(check_lines(&lines).is_ok());
        let totals = quote_totals(&lines);
        prop_assert_eq!(totals.line_nets_cents.len(), lines.len());
        prop_assert_eq!(totals.line_nets_cents.iter().sum::<i64>(), totals.excl_vat_cents);
        prop_assert_eq!(totals.vat.iter().map(|v| v.base_cents).sum::<i64>(), totals.excl_vat_cents);
        prop_assert_eq!(totals.vat.iter().map(|v| v.vat_cents).sum::<i64>(), totals.vat_cents);
        prop_assert_eq!(totals.excl_vat_cents + totals.vat_cents, totals.incl_vat_cents);
        for (line, net) in lines.iter().zip(&totals.line_nets_cents) {
            // Within half a cent of the exact net (×10^7 to stay in integers).
            let exact = i128::from(line.quantity_milli)
                * i128::from(line.unit_price_cents)
                * i128::from(10_000 - line.discount_bp);
            prop_assert!((i128::from(*net) * 10_000_000 - exact).abs() <= 5_000_000);
        }
        for v in &totals.vat {
            let exact = i128::from(v.base_cents) * i128::from(v.rate.basis_points());
            prop_assert!((i128::from(v.vat_cents) * 10_000 - exact).abs() <= 5_000);
        }
        let mut reversed = lines.clone();
        reversed.reverse();
        let again = quote_totals(&reversed);
        prop_assert_eq!(again.incl_vat_cents, totals.incl_vat_cents);
        prop_assert_eq!(again.vat, totals.vat);
    }
}
