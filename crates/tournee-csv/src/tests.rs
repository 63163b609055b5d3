use proptest::prelude::*;

use super::*;

#[test]
fn a_written_file_opens_in_french_spreadsheets_and_reads_back() {
    let mut writer = CsvWriter::new(&["Nom", "Ville", "Notes"]);
    writer.row([
        "Garage Martin; fils",
        "Saint-Étienne",
        "Dit « oui »\nrappeler",
    ]);
    writer.row(["L'Atelier \"Pneus\"", " Lyon ", ""]);
    let bytes = writer.finish();
    assert!(bytes.starts_with(b"\xEF\xBB\xBFNom;Ville;Notes\r\n"));
    let text = String::from_utf8(bytes.clone()).unwrap();
    assert!(text.contains("\"Garage Martin; fils\";Saint-Étienne;\"Dit « oui »\nrappeler\"\r\n"));
    assert!(text.contains("\"L'Atelier \"\"Pneus\"\"\";\" Lyon \";\r\n"));
    let table = read_csv(&bytes).unwrap();
    assert_eq!(table.encoding, Encoding::Utf8Bom);
    assert_eq!(table.separator, Separator::Semicolon);
    assert_eq!(table.headers, ["Nom", "Ville", "Notes"]);
    assert_eq!(
        table.rows,
        [
            Row {
                line: 2,
                cells: vec![
                    "Garage Martin; fils".into(),
                    "Saint-Étienne".into(),
                    "Dit « oui »\nrappeler".into()
                ]
            },
            Row {
                line: 4,
                cells: vec!["L'Atelier \"Pneus\"".into(), " Lyon ".into(), "".into()]
            },
        ]
    );
}

#[test]
fn formulas_are_neutralised_and_numbers_are_not() {
    for (cell, written) in [
        ("=HYPERLINK(\"http://x\")", "'=HYPERLINK(\"http://x\")"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("+SUM(A1)", "'+SUM(A1)"),
        ("-2+3", "'-2+3"),
        ("+33 4 72 00 00 01", "+33 4 72 00 00 01"),
        ("-12,5", "-12,5"),
        ("-", "-"),
        ("Garage", "Garage"),
    ] {
        assert_eq!(neutralise_formula(cell), written, "{cell}");
    }
}

#[test]
fn a_windows_1252_file_is_written_without_mark_and_reads_back() {
    let mut writer = CsvWriter::new(&["nom", "commentaire"]);
    writer.row(["Café de l'Œuvre", "Prix 12 € ; « ok » 🚚 Ω"]);
    let (bytes, replaced) = writer.finish_windows_1252();
    assert_eq!(
        replaced, 2,
        "the lorry and the omega have no Windows-1252 byte"
    );
    assert!(bytes.starts_with(b"nom;commentaire\r\nCaf\xe9 de l'\x8cuvre;"));
    let table = read_csv(&bytes).unwrap();
    assert_eq!(table.encoding, Encoding::Windows1252);
    assert_eq!(
        table.rows[0].cells,
        ["Café de l'Œuvre", "Prix 12 € ; « ok » ? ?"]
    );
}

#[test]
fn windows_1252_comma_and_tab_files_are_read() {
    let latin = b"nom,ville\r\nCaf\xe9 du Commerce,B\xe9ziers\r\n";
    let table = read_csv(latin).unwrap();
    assert_eq!(table.encoding, Encoding::Windows1252);
    assert_eq!(table.separator, Separator::Comma);
    assert_eq!(table.rows[0].cells, ["Café du Commerce", "Béziers"]);

    let tabs = "code\tnom\n001\tMartin\n\n002\tDurand\n".as_bytes();
    let table = read_csv(tabs).unwrap();
    assert_eq!(table.encoding, Encoding::Utf8);
    assert_eq!(table.separator, Separator::Tab);
    assert_eq!(table.rows.len(), 2, "the blank line is skipped");
    assert_eq!(table.rows[1].line, 4);
    assert_eq!(table.column(" NOM "), Some(1));
}

#[test]
fn faults_are_reported_with_line_and_column() {
    let cases: [(&[u8], CsvError); 8] = [
        (b"", CsvError::Empty),
        (
            b"a;b\n1;\"open\n2;3\n",
            CsvError::UnterminatedQuote { line: 2, column: 2 },
        ),
        (
            b"a;b\n1;x\"y\n",
            CsvError::StrayQuote { line: 2, column: 2 },
        ),
        (
            b"a;b\n\"x\"y;2\n",
            CsvError::StrayQuote { line: 2, column: 1 },
        ),
        (
            b"a;b\n1;2\n1;2;3\n",
            CsvError::FieldCount {
                line: 3,
                expected: 2,
                found: 3,
            },
        ),
        (b"a;;c\n", CsvError::EmptyHeader { column: 2 }),
        (
            b"nom;Ville;NOM\n",
            CsvError::DuplicateHeader {
                name: "NOM".into(),
                first: 1,
                column: 3,
            },
        ),
        (b"\xEF\xBB\xBFa\nb\n\xff\n", CsvError::BadUtf8 { line: 3 }),
    ];
    for (bytes, expected) in cases {
        assert_eq!(
            read_csv(bytes),
            Err(expected),
            "{}",
            String::from_utf8_lossy(bytes)
        );
    }
}

#[test]
fn an_oversized_cell_is_refused_not_held() {
    let mut quoted = b"a\n\"".to_vec();
    quoted.extend(std::iter::repeat_n(b'x', MAX_FIELD_BYTES + 1));
    quoted.extend(b"\"\n");
    assert_eq!(
        read_csv(&quoted),
        Err(CsvError::FieldTooLong { line: 2, column: 1 })
    );
    let mut plain = b"a\n".to_vec();
    plain.extend(std::iter::repeat_n(b'x', MAX_FIELD_BYTES + 1));
    assert_eq!(
        read_csv(&plain),
        Err(CsvError::FieldTooLong { line: 2, column: 1 })
    );
}

#[test]
fn rows_read_into_a_reused_buffer_are_those_read_one_by_one() {
    // Quoted cells with doubled quotes and a line break, a blank line, a CRLF end and a
    // shorter quoted cell after a longer one: nothing of a former row may leak into the
    // next through the reused strings.
    let bytes = b"a;b;c\r\n\"long \"\"quoted\"\" cell\";x;yyyyyyyy\r\n\n\"two\nlines\";;z\n1;2;3";
    let mut one_by_one = stream_csv(bytes).unwrap();
    let mut reused = stream_csv(bytes).unwrap();
    let mut row = Row {
        line: 0,
        cells: Vec::new(),
    };
    let mut seen = 0;
    while let Some(expected) = one_by_one.next_row().unwrap() {
        assert!(reused.next_row_into(&mut row).unwrap());
        assert_eq!(row, expected);
        seen += 1;
    }
    assert_eq!(seen, 3);
    assert!(!reused.next_row_into(&mut row).unwrap());
    assert_eq!(row.cells, ["1", "2", "3"], "left as it was at the end");

    // A fault keeps its line and column when read into a buffer.
    let mut faulty = stream_csv(b"a;b\n1;2\n3;x\"y\n").unwrap();
    assert!(faulty.next_row_into(&mut row).unwrap());
    assert_eq!(
        faulty.next_row_into(&mut row),
        Err(CsvError::StrayQuote { line: 3, column: 2 })
    );
}

fn cell() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-zA-Z0-9 éèàçôÉ«»'’.-]{0,12}",
        "[;,\"\n\r\t a-z=+@-]{0,8}",
    ]
}

proptest! {
    /// Whatever the cells hold, what is written reads back the same (formulas with
    /// their apostrophe), row by row, with the right line numbers.
    #[test]
    fn what_is_written_reads_back(rows in prop::collection::vec(prop::collection::vec(cell(), 3), 0..20)) {
        let mut writer = CsvWriter::new(&["Un", "Deux", "Trois"]);
        for row in &rows {
            writer.row(row.iter().map(String::as_str));
        }
        let table = read_csv(&writer.finish()).unwrap();
        let expected: Vec<Vec<String>> = rows
            .iter()
            .filter(|row| !(row.len() == 1 && row[0].is_empty()))
            .map(|row| row.iter().map(|c| neutralise_formula(c).into_owned()).collect())
            .collect();
        let read: Vec<Vec<String>> = table.rows.iter().map(|r| r.cells.clone()).collect();
        prop_assert_eq!(read, expected);
        let mut line = 2;
        for (row, read) in rows.iter().zip(&table.rows) {
            prop_assert_eq!(read.line, line);
            line += 1 + row.iter().map(|c| c.matches('\n').count()).sum::<usize>();
        }
    }
}
