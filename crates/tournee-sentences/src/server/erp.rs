//! Words for the ERP import's report: a refused file, a broken value rule, a refused row.

use tournee_core::Lang;
use tournee_store::{FileFault, ImportRun, Refusal, RowRefusal, RunFault, RunOutcome, ValueRule};

use super::Sentence;

/// A broken value rule, in `lang`.
fn rule(lang: Lang, rule: &ValueRule) -> String {
    match rule {
        ValueRule::TooLong { max } => {
            Sentence::ErpRuleTooLong.say(lang, &[("max", &max.to_string())])
        }
        ValueRule::Empty => Sentence::ErpRuleEmpty.say(lang, &[]),
        ValueRule::NotInteger => Sentence::ErpRuleNotInteger.say(lang, &[]),
        ValueRule::NotDate => Sentence::ErpRuleNotDate.say(lang, &[]),
        ValueRule::NotTime => Sentence::ErpRuleNotTime.say(lang, &[]),
        ValueRule::NotMonth => Sentence::ErpRuleNotMonth.say(lang, &[]),
        ValueRule::NotAmount => Sentence::ErpRuleNotAmount.say(lang, &[]),
        ValueRule::NotOneOf { allowed } => {
            Sentence::ErpRuleNotOneOf.say(lang, &[("allowed", &allowed.join(", "))])
        }
        ValueRule::ControlCharacter => Sentence::ErpRuleControl.say(lang, &[]),
    }
}

/// Why a file refused the run, with its file, line and column, in `lang`.
pub fn erp_fault(lang: Lang, fault: &RunFault) -> String {
    let file = fault.file.as_str();
    match &fault.fault {
        FileFault::NotAFile => Sentence::ErpFaultNotAFile.say(lang, &[("file", file)]),
        FileFault::TooLarge { bytes, max } => Sentence::ErpFaultTooLarge.say(
            lang,
            &[
                ("file", file),
                ("bytes", &bytes.to_string()),
                ("max", &max.to_string()),
            ],
        ),
        FileFault::Unreadable { error } => {
            Sentence::ErpFaultUnreadable.say(lang, &[("file", file), ("error", error)])
        }
        FileFault::Csv {
            line,
            column,
            detail,
        } => match (line, column) {
            (Some(line), Some(column)) => Sentence::ErpFaultCsvAt.say(
                lang,
                &[
                    ("file", file),
                    ("line", &line.to_string()),
                    ("column", &column.to_string()),
                    ("detail", detail),
                ],
            ),
            (Some(line), None) => Sentence::ErpFaultCsvLine.say(
                lang,
                &[
                    ("file", file),
                    ("line", &line.to_string()),
                    ("detail", detail),
                ],
            ),
            _ => Sentence::ErpFaultCsv.say(lang, &[("file", file), ("detail", detail)]),
        },
        FileFault::MissingHeader { header } => {
            Sentence::ErpFaultMissingHeader.say(lang, &[("file", file), ("header", header)])
        }
        FileFault::UnknownHeader { header, column } => Sentence::ErpFaultUnknownHeader.say(
            lang,
            &[
                ("file", file),
                ("column", &column.to_string()),
                ("header", header),
            ],
        ),
        FileFault::BadValue {
            line,
            column,
            header,
            rule: broken,
        } => Sentence::ErpFaultBadValue.say(
            lang,
            &[
                ("file", file),
                ("line", &line.to_string()),
                ("column", &column.to_string()),
                ("header", header),
                ("rule", &rule(lang, broken)),
            ],
        ),
        FileFault::EmptyExport => Sentence::ErpFaultEmptyExport.say(lang, &[("file", file)]),
    }
}

/// A refused row with its file and line, in `lang`.
pub fn erp_refusal(lang: Lang, refusal: &Refusal) -> String {
    let (file, line) = (refusal.file.as_str(), refusal.line.to_string());
    match &refusal.reason {
        RowRefusal::UnknownClient { c_client } => Sentence::ErpRowUnknownClient.say(
            lang,
            &[("file", file), ("line", &line), ("client", c_client)],
        ),
        RowRefusal::DuplicateKey { key, first_line } => Sentence::ErpRowDuplicate.say(
            lang,
            &[
                ("file", file),
                ("line", &line),
                ("key", key),
                ("first", &first_line.to_string()),
            ],
        ),
        RowRefusal::ErpCodeTaken {
            erp_code,
            windows_user,
        } => Sentence::ErpRowCodeTaken.say(
            lang,
            &[
                ("file", file),
                ("line", &line),
                ("code", erp_code),
                ("user", windows_user),
            ],
        ),
        RowRefusal::NotAClient { type_entite } => Sentence::ErpRowNotAClient.say(
            lang,
            &[("file", file), ("line", &line), ("type", type_entite)],
        ),
    }
}

/// The report `tournee-server erp import` prints (English, like the other commands).
pub fn erp_report_text(run: &ImportRun) -> String {
    let mut text = format!(
        "ERP import #{} of {} ({})\n",
        run.id, run.folder, run.started_at
    );
    for f in &run.files {
        text.push_str(&format!(
            "{}\t{}\tread {}\tinserted {}\tupdated {}\tunchanged {}\tdeactivated {}\tdeleted {}\trefused {}\n",
            f.file, f.encoding, f.read, f.inserted, f.updated, f.unchanged, f.deactivated, f.deleted, f.refused
        ));
    }
    for refusal in &run.refusals {
        text.push_str(&format!("refused: {}\n", erp_refusal(Lang::En, refusal)));
    }
    if let Some(fault) = &run.fault {
        text.push_str(&format!(
            "file refused, nothing applied: {}\n",
            erp_fault(Lang::En, fault)
        ));
    }
    text.push_str(match run.outcome {
        RunOutcome::Applied => "applied",
        RunOutcome::Unchanged => "unchanged: the files say nothing new",
        RunOutcome::Refused => "refused: the master is as it was",
        RunOutcome::Empty => "no ERP file found: nothing to do",
    });
    if run.mail_queued {
        text.push_str(" (a mail to the error addresses is queued)");
    }
    text.push('\n');
    text
}
