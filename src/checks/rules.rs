//! The registry of rules: every rule's id, severity, meaning and statutory basis, in the order
//! findings are reported. The README's table of checks is made from it.

use super::Severity;
use Severity::{Error, Warning};
use serde::Serialize;

/// The id of a rule: a typo is a compile error. Written in files, JSON and the README as the
/// hyphenated form (`recommendation-unanswered`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum RuleId {
    /// `deadline-missed`
    DeadlineMissed,
    /// `deadline-passed`
    DeadlinePassed,
    /// `deadline-near`
    DeadlineNear,
    /// `deadline-not-working-day`
    DeadlineNotWorkingDay,
    /// `no-statutory-deadline`
    NoStatutoryDeadline,
    /// `extraction-count-differs`
    ExtractionCountDiffers,
    /// `recommendation-unanswered`
    RecommendationUnanswered,
    /// `explanation-missing`
    ExplanationMissing,
    /// `area-for-improvement-unexplained`
    AreaForImprovementUnexplained,
    /// `area-for-improvement-unanswered`
    AreaForImprovementUnanswered,
    /// `cause-of-concern-without-recommendation`
    CauseOfConcernWithoutRecommendation,
    /// `chief-officer-not-invited`
    ChiefOfficerNotInvited,
    /// `chief-officer-invitation-undated`
    ChiefOfficerInvitationUndated,
    /// `chief-officer-comments-missing`
    ChiefOfficerCommentsMissing,
    /// `chief-officer-comments-unanswered`
    ChiefOfficerCommentsUnanswered,
    /// `copies-missing`
    CopiesMissing,
    /// `copies-not-sent`
    CopiesNotSent,
    /// `published-date-doubtful`
    PublishedDateDoubtful,
    /// `letter-date-missing`
    LetterDateMissing,
    /// `action-completed-after-letter`
    ActionCompletedAfterLetter,
    /// `letter-before-report`
    LetterBeforeReport,
    /// `duplicate-id`
    DuplicateId,
    /// `answered-twice`
    AnsweredTwice,
    /// `unknown-id`
    UnknownId,
    /// `empty-text`
    EmptyText,
    /// `placeholder`
    Placeholder,
    /// `text-cut-by-comment`
    TextCutByComment,
    /// `text-run-together`
    TextRunTogether,
    /// `key-inside-text`
    KeyInsideText,
    /// `text-dropped-as-label`
    TextDroppedAsLabel,
    /// `yes-or-no-as-text`
    YesOrNoAsText,
    /// `invisible-character`
    InvisibleCharacter,
    /// `curly-quotes-kept`
    CurlyQuotesKept,
    /// `letter-cannot-be-made`
    LetterCannotBeMade,
}

impl RuleId {
    /// Every rule id, in the order of [`RULES`].
    pub const ALL: &'static [RuleId] = &[
        RuleId::DeadlineMissed,
        RuleId::DeadlinePassed,
        RuleId::DeadlineNear,
        RuleId::DeadlineNotWorkingDay,
        RuleId::NoStatutoryDeadline,
        RuleId::ExtractionCountDiffers,
        RuleId::RecommendationUnanswered,
        RuleId::ExplanationMissing,
        RuleId::AreaForImprovementUnexplained,
        RuleId::AreaForImprovementUnanswered,
        RuleId::CauseOfConcernWithoutRecommendation,
        RuleId::ChiefOfficerNotInvited,
        RuleId::ChiefOfficerInvitationUndated,
        RuleId::ChiefOfficerCommentsMissing,
        RuleId::ChiefOfficerCommentsUnanswered,
        RuleId::CopiesMissing,
        RuleId::CopiesNotSent,
        RuleId::PublishedDateDoubtful,
        RuleId::LetterDateMissing,
        RuleId::ActionCompletedAfterLetter,
        RuleId::LetterBeforeReport,
        RuleId::DuplicateId,
        RuleId::AnsweredTwice,
        RuleId::UnknownId,
        RuleId::EmptyText,
        RuleId::Placeholder,
        RuleId::TextCutByComment,
        RuleId::TextRunTogether,
        RuleId::KeyInsideText,
        RuleId::TextDroppedAsLabel,
        RuleId::YesOrNoAsText,
        RuleId::InvisibleCharacter,
        RuleId::CurlyQuotesKept,
        RuleId::LetterCannotBeMade,
    ];

    /// The id as written in messages and JSON: `recommendation-unanswered`.
    pub fn as_str(self) -> &'static str {
        match self {
            RuleId::DeadlineMissed => "deadline-missed",
            RuleId::DeadlinePassed => "deadline-passed",
            RuleId::DeadlineNear => "deadline-near",
            RuleId::DeadlineNotWorkingDay => "deadline-not-working-day",
            RuleId::NoStatutoryDeadline => "no-statutory-deadline",
            RuleId::ExtractionCountDiffers => "extraction-count-differs",
            RuleId::RecommendationUnanswered => "recommendation-unanswered",
            RuleId::ExplanationMissing => "explanation-missing",
            RuleId::AreaForImprovementUnexplained => "area-for-improvement-unexplained",
            RuleId::AreaForImprovementUnanswered => "area-for-improvement-unanswered",
            RuleId::CauseOfConcernWithoutRecommendation => {
                "cause-of-concern-without-recommendation"
            }
            RuleId::ChiefOfficerNotInvited => "chief-officer-not-invited",
            RuleId::ChiefOfficerInvitationUndated => "chief-officer-invitation-undated",
            RuleId::ChiefOfficerCommentsMissing => "chief-officer-comments-missing",
            RuleId::ChiefOfficerCommentsUnanswered => "chief-officer-comments-unanswered",
            RuleId::CopiesMissing => "copies-missing",
            RuleId::CopiesNotSent => "copies-not-sent",
            RuleId::PublishedDateDoubtful => "published-date-doubtful",
            RuleId::LetterDateMissing => "letter-date-missing",
            RuleId::ActionCompletedAfterLetter => "action-completed-after-letter",
            RuleId::LetterBeforeReport => "letter-before-report",
            RuleId::DuplicateId => "duplicate-id",
            RuleId::AnsweredTwice => "answered-twice",
            RuleId::UnknownId => "unknown-id",
            RuleId::EmptyText => "empty-text",
            RuleId::Placeholder => "placeholder",
            RuleId::TextCutByComment => "text-cut-by-comment",
            RuleId::TextRunTogether => "text-run-together",
            RuleId::KeyInsideText => "key-inside-text",
            RuleId::TextDroppedAsLabel => "text-dropped-as-label",
            RuleId::YesOrNoAsText => "yes-or-no-as-text",
            RuleId::InvisibleCharacter => "invisible-character",
            RuleId::CurlyQuotesKept => "curly-quotes-kept",
            RuleId::LetterCannotBeMade => "letter-cannot-be-made",
        }
    }

    /// The rule with this id.
    pub fn rule(self) -> &'static Rule {
        &RULES[self as usize]
    }
}

impl std::fmt::Display for RuleId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A check rule, as listed in the README's table of checks.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct Rule {
    /// The rule's stable id, as findings and the README show it.
    pub id: RuleId,
    /// Whether breaking the rule is an error or a warning.
    pub severity: Severity,
    /// What the rule checks, in one sentence for the README's table.
    pub meaning: &'static str,
    /// Why: the section of the Act, or the practice, the rule comes from.
    pub basis: &'static str,
}

/// Every rule s55 checks, in the order findings are reported.
pub const RULES: &[Rule] = &[
    Rule {
        id: RuleId::DeadlineMissed,
        severity: Error,
        meaning: "The response was published, or the letter is dated, after the last day.",
        basis: "s.55(5A)",
    },
    Rule {
        id: RuleId::DeadlinePassed,
        severity: Error,
        meaning: "The response is still unpublished and the last day has passed.",
        basis: "s.55(5A)",
    },
    Rule {
        id: RuleId::DeadlineNear,
        severity: Warning,
        meaning: "The response is unpublished and 7 days or fewer are left.",
        basis: "s.55(5A)",
    },
    Rule {
        id: RuleId::DeadlineNotWorkingDay,
        severity: Warning,
        meaning: "The last day falls on a weekend or an England and Wales bank holiday; the law does not move it.",
        basis: "s.55(5A)",
    },
    Rule {
        id: RuleId::NoStatutoryDeadline,
        severity: Warning,
        meaning: "The report was published before 2 May 2017, so there is no 56-day limit and no duty to explain each recommendation.",
        basis: "Policing and Crime Act 2017 s.37; SI 2017/399",
    },
    Rule {
        id: RuleId::ExtractionCountDiffers,
        severity: Error,
        meaning: "The report says how many recommendations, causes of concern or areas for improvement it makes, and the file has a different number: one may have been missed when the response was started from the report. Cleared by checking the items against the report by hand and writing `checked_by_hand: true` under `report: extraction:`.",
        basis: "s.55(5B)",
    },
    Rule {
        id: RuleId::RecommendationUnanswered,
        severity: Error,
        meaning: "A recommendation in the report (including one addressed to a national body) has no answer.",
        basis: "s.55(5B)",
    },
    Rule {
        id: RuleId::ExplanationMissing,
        severity: Error,
        meaning: "An answer to a recommendation states neither the action taken or proposed nor why there is none.",
        basis: "s.55(5B)",
    },
    Rule {
        id: RuleId::AreaForImprovementUnexplained,
        severity: Warning,
        meaning: "An answer to an area for improvement gives no position, or a position without the action or reason.",
        basis: "good practice",
    },
    Rule {
        id: RuleId::AreaForImprovementUnanswered,
        severity: Warning,
        meaning: "An area for improvement has no answer (not required by law, but expected).",
        basis: "good practice",
    },
    Rule {
        id: RuleId::CauseOfConcernWithoutRecommendation,
        severity: Warning,
        meaning: "A cause of concern has no recommendation under it; HMICFRS always gives at least one.",
        basis: "HMICFRS report structure",
    },
    Rule {
        id: RuleId::ChiefOfficerNotInvited,
        severity: Error,
        meaning: "There is no record of inviting the chief officer to comment.",
        basis: "s.55(4)",
    },
    Rule {
        id: RuleId::ChiefOfficerInvitationUndated,
        severity: Warning,
        meaning: "The invitation to the chief officer is recorded without a date.",
        basis: "s.55(4)",
    },
    Rule {
        id: RuleId::ChiefOfficerCommentsMissing,
        severity: Warning,
        meaning: "No comments from the chief officer are included.",
        basis: "s.55(5)(b)",
    },
    Rule {
        id: RuleId::ChiefOfficerCommentsUnanswered,
        severity: Warning,
        meaning: "The chief officer's comments are published but the body gives no response to them.",
        basis: "s.55(5)(c)",
    },
    Rule {
        id: RuleId::CopiesMissing,
        severity: Error,
        meaning: "HMICFRS or the Secretary of State is not among the addressees or copies.",
        basis: "s.55(6)",
    },
    Rule {
        id: RuleId::CopiesNotSent,
        severity: Warning,
        meaning: "The response is published but there is no record of sending copies to HMICFRS and the Home Secretary (being addressed to them is not a record that the copy went).",
        basis: "s.55(6)",
    },
    Rule {
        id: RuleId::PublishedDateDoubtful,
        severity: Warning,
        meaning: "The response is recorded as published on a day after today, or before the letter's own date.",
        basis: "s.55(5A)",
    },
    Rule {
        id: RuleId::LetterDateMissing,
        severity: Error,
        meaning: "The response is recorded as published but the letter has no date.",
        basis: "consistency",
    },
    Rule {
        id: RuleId::ActionCompletedAfterLetter,
        severity: Warning,
        meaning: "An answer says action has been taken but dates it after the letter.",
        basis: "s.55(5B)(a)",
    },
    Rule {
        id: RuleId::LetterBeforeReport,
        severity: Error,
        meaning: "The letter is dated, or published, before the report was published.",
        basis: "consistency",
    },
    Rule {
        id: RuleId::DuplicateId,
        severity: Error,
        meaning: "Two items of the report share an id.",
        basis: "consistency",
    },
    Rule {
        id: RuleId::AnsweredTwice,
        severity: Error,
        meaning: "A report item is answered in more than one answer, so the letter would print it twice.",
        basis: "consistency",
    },
    Rule {
        id: RuleId::UnknownId,
        severity: Error,
        meaning: "An answer or recommendation refers to an id the report does not have.",
        basis: "consistency",
    },
    Rule {
        id: RuleId::EmptyText,
        severity: Error,
        meaning: "A text is present but blank.",
        basis: "consistency",
    },
    Rule {
        id: RuleId::Placeholder,
        severity: Error,
        meaning: "A placeholder is left in a text: TODO, TBC, TBD, FIXME, XX or [insert ...].",
        basis: "consistency",
    },
    Rule {
        id: RuleId::TextCutByComment,
        severity: Error,
        meaning: "One-line text has ` #` in it: YAML treats the rest of the line as a note and drops it from the letter.",
        basis: "file format",
    },
    Rule {
        id: RuleId::TextRunTogether,
        severity: Error,
        meaning: "A list or paragraphs written in folded text (`>`, or plain text over several lines) would be joined into one line in the letter.",
        basis: "file format",
    },
    Rule {
        id: RuleId::KeyInsideText,
        severity: Error,
        meaning: "A `key:` is indented as far as the text above it, so YAML reads it as part of that text and the letter would print it.",
        basis: "file format",
    },
    Rule {
        id: RuleId::TextDroppedAsLabel,
        severity: Error,
        meaning: "Words at the start of a text begin with `&` or `!`, which YAML takes as a label and leaves out of the letter.",
        basis: "file format",
    },
    Rule {
        id: RuleId::YesOrNoAsText,
        severity: Warning,
        meaning: "A text is only \"yes\", \"no\" or the like, which the letter would print as that word.",
        basis: "file format",
    },
    Rule {
        id: RuleId::InvisibleCharacter,
        severity: Warning,
        meaning: "A text contains a character that cannot be seen (a zero-width space, or a non-breaking space at its start or end), usually pasted from Word or Outlook.",
        basis: "file format",
    },
    Rule {
        id: RuleId::CurlyQuotesKept,
        severity: Warning,
        meaning: "A text is wrapped in Word's curly quote marks, which YAML prints as part of the text.",
        basis: "file format",
    },
    Rule {
        id: RuleId::LetterCannotBeMade,
        severity: Error,
        meaning: "The letter cannot be made in every format: a logo or signature image missing or unreadable, an unknown layout, a broken template of the office's own, or a character the PDF's font does not have.",
        basis: "consistency",
    },
];

// `RULES` lists every rule once, in the order of `RuleId`, so that `RuleId::rule` is an index:
// checked when s55 is compiled.
const _: () = {
    assert!(RULES.len() == RuleId::ALL.len());
    let mut i = 0;
    while i < RULES.len() {
        assert!(RULES[i].id as usize == i);
        assert!(RuleId::ALL[i] as usize == i);
        i += 1;
    }
};
