//! Every phrase s55 itself writes into a letter (as opposed to the office's own words), in one table
//! per language. Templates reach it with the `phrase` function (`{{ phrase(key="copies-to") }}`) and
//! the letter's labels are built from it, so a letter in another language needs a new table here,
//! not changes across the code. Only British English (`en-GB`) is written so far; Welsh is the next
//! one an office in Wales would need.

/// A phrase, by its key (the same key templates use, kebab-case).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Phrase {
    /// "Recommendation"
    Recommendation,
    /// "Recommendations"
    Recommendations,
    /// "Cause of concern"
    CauseOfConcern,
    /// "Causes of concern"
    CausesOfConcern,
    /// "Area for improvement"
    AreaForImprovement,
    /// "Areas for improvement"
    AreasForImprovement,
    /// "Action taken"
    ActionTaken,
    /// "Action proposed"
    ActionProposed,
    /// "No action is proposed"
    NoActionProposed,
    /// "No action", for tables
    NoAction,
    /// "because"
    Because,
    /// "No position given"
    NoPositionGiven,
    /// "Not answered"
    NotAnswered,
    /// "Not in the report"
    NotInTheReport,
    /// "answered more than once"
    AnsweredMoreThanOnce,
    /// "Completed"
    Completed,
    /// "Due"
    Due,
    /// "Lead"
    Lead,
    /// "To"
    To,
    /// "Copies to"
    CopiesTo,
    /// "Our reference"
    OurReference,
    /// "and", joining the last two names of a list
    And,
    /// "response", as in "the Chief Constable's response"
    Response,
    /// "DRAFT – not ready to publish": the mark on every page of a draft
    Draft,
    /// what a late draft says of its timing
    DraftLate,
    /// what a draft in time says of its timing
    DraftLastDay,
    /// the citation under a letter
    PublishedUnder,
    /// the last day, after the citation
    LastDayToPublish,
    /// a letter's title when it has no subject
    ResponseToReport,
    /// what a screen reader says of a link in the PDF
    LinkTo,
    /// the page number in the PDF's footer
    PageOf,
    /// the index: a published response
    StatePublished,
    /// the index: a response that passes but has no publication recorded
    StateReady,
    /// the index: a response that fails the checks
    StateDraft,
    /// the index: past the last day, but passing
    StateLateReady,
    /// the index: past the last day, and failing
    StateOverdueDraft,
    /// the title of the website section
    SiteTitle,
    /// the name of the Markdown version, in links
    Markdown,
    /// the statute, in words
    Citation,
    /// the statute, short
    CitationShort,
    /// a web page's title
    PageTitle,
    /// a web page's title, with the body's name
    PageTitleWithBody,
    /// the publisher of a feed naming more than one body
    Publisher,
    /// the heading of the PDF's and Word letter's annex
    AnnexTitle,
    /// a column of the answers at a glance
    ReportItem,
    /// a column of the answers at a glance
    WhatItAsks,
    /// a column of the answers at a glance
    Position,
    /// a column of the answers at a glance
    Date,
}

impl Phrase {
    /// Every phrase, for the templates' lookup by key.
    pub const ALL: &'static [Phrase] = &[
        Phrase::Recommendation,
        Phrase::Recommendations,
        Phrase::CauseOfConcern,
        Phrase::CausesOfConcern,
        Phrase::AreaForImprovement,
        Phrase::AreasForImprovement,
        Phrase::ActionTaken,
        Phrase::ActionProposed,
        Phrase::NoActionProposed,
        Phrase::NoAction,
        Phrase::Because,
        Phrase::NoPositionGiven,
        Phrase::NotAnswered,
        Phrase::NotInTheReport,
        Phrase::AnsweredMoreThanOnce,
        Phrase::Completed,
        Phrase::Due,
        Phrase::Lead,
        Phrase::To,
        Phrase::CopiesTo,
        Phrase::OurReference,
        Phrase::And,
        Phrase::Response,
        Phrase::Draft,
        Phrase::DraftLate,
        Phrase::DraftLastDay,
        Phrase::PublishedUnder,
        Phrase::LastDayToPublish,
        Phrase::ResponseToReport,
        Phrase::LinkTo,
        Phrase::PageOf,
        Phrase::StatePublished,
        Phrase::StateReady,
        Phrase::StateDraft,
        Phrase::StateLateReady,
        Phrase::StateOverdueDraft,
        Phrase::SiteTitle,
        Phrase::Markdown,
        Phrase::Citation,
        Phrase::CitationShort,
        Phrase::PageTitle,
        Phrase::PageTitleWithBody,
        Phrase::Publisher,
        Phrase::AnnexTitle,
        Phrase::ReportItem,
        Phrase::WhatItAsks,
        Phrase::Position,
        Phrase::Date,
    ];

    /// The key templates use: `copies-to`.
    pub fn key(self) -> &'static str {
        match self {
            Phrase::Recommendation => "recommendation",
            Phrase::Recommendations => "recommendations",
            Phrase::CauseOfConcern => "cause-of-concern",
            Phrase::CausesOfConcern => "causes-of-concern",
            Phrase::AreaForImprovement => "area-for-improvement",
            Phrase::AreasForImprovement => "areas-for-improvement",
            Phrase::ActionTaken => "action-taken",
            Phrase::ActionProposed => "action-proposed",
            Phrase::NoActionProposed => "no-action-proposed",
            Phrase::NoAction => "no-action",
            Phrase::Because => "because",
            Phrase::NoPositionGiven => "no-position-given",
            Phrase::NotAnswered => "not-answered",
            Phrase::NotInTheReport => "not-in-the-report",
            Phrase::AnsweredMoreThanOnce => "answered-more-than-once",
            Phrase::Completed => "completed",
            Phrase::Due => "due",
            Phrase::Lead => "lead",
            Phrase::To => "to",
            Phrase::CopiesTo => "copies-to",
            Phrase::OurReference => "our-reference",
            Phrase::And => "and",
            Phrase::Response => "response",
            Phrase::Draft => "draft",
            Phrase::DraftLate => "draft-late",
            Phrase::DraftLastDay => "draft-last-day",
            Phrase::PublishedUnder => "published-under",
            Phrase::LastDayToPublish => "last-day-to-publish",
            Phrase::ResponseToReport => "response-to-report",
            Phrase::LinkTo => "link-to",
            Phrase::PageOf => "page-of",
            Phrase::StatePublished => "state-published",
            Phrase::StateReady => "state-ready",
            Phrase::StateDraft => "state-draft",
            Phrase::StateLateReady => "state-late-ready",
            Phrase::StateOverdueDraft => "state-overdue-draft",
            Phrase::SiteTitle => "site-title",
            Phrase::Markdown => "markdown",
            Phrase::Citation => "citation",
            Phrase::CitationShort => "citation-short",
            Phrase::PageTitle => "page-title",
            Phrase::PageTitleWithBody => "page-title-with-body",
            Phrase::Publisher => "publisher",
            Phrase::AnnexTitle => "annex-title",
            Phrase::ReportItem => "report-item",
            Phrase::WhatItAsks => "what-it-asks",
            Phrase::Position => "position",
            Phrase::Date => "date",
        }
    }

    /// The phrase with this key.
    pub fn from_key(key: &str) -> Option<Phrase> {
        Phrase::ALL.iter().copied().find(|p| p.key() == key)
    }
}

/// The phrases of one language.
#[derive(Debug)]
pub struct Language {
    /// The language tag written into the letter (`lang` in HTML, the PDF's language).
    pub tag: &'static str,
    /// The names of the months, January first.
    pub months: [&'static str; 12],
    words: fn(Phrase) -> &'static str,
}

impl Language {
    /// The phrase in this language.
    pub fn get(&self, phrase: Phrase) -> &'static str {
        (self.words)(phrase)
    }
}

fn en_gb(p: Phrase) -> &'static str {
    match p {
        Phrase::Recommendation => "Recommendation",
        Phrase::Recommendations => "Recommendations",
        Phrase::CauseOfConcern => "Cause of concern",
        Phrase::CausesOfConcern => "Causes of concern",
        Phrase::AreaForImprovement => "Area for improvement",
        Phrase::AreasForImprovement => "Areas for improvement",
        Phrase::ActionTaken => "Action taken",
        Phrase::ActionProposed => "Action proposed",
        Phrase::NoActionProposed => "No action is proposed",
        Phrase::NoAction => "No action",
        Phrase::Because => "because",
        Phrase::NoPositionGiven => "No position given",
        Phrase::NotAnswered => "Not answered",
        Phrase::NotInTheReport => "Not in the report",
        Phrase::AnsweredMoreThanOnce => "answered more than once",
        Phrase::Completed => "Completed",
        Phrase::Due => "Due",
        Phrase::Lead => "Lead",
        Phrase::To => "To",
        Phrase::CopiesTo => "Copies to",
        Phrase::OurReference => "Our reference",
        Phrase::And => "and",
        Phrase::Response => "response",
        Phrase::Draft => "DRAFT – not ready to publish",
        Phrase::DraftLate => {
            "This response is {days} late: the last day to publish it was {date}, and the law still requires it to be published as soon as possible."
        }
        Phrase::DraftLastDay => "The last day to publish it is {date}.",
        Phrase::PublishedUnder => {
            "Published under {citation}. HMICFRS published the report on {date}"
        }
        Phrase::LastDayToPublish => "the last day to publish these comments is {date} ({rule})",
        Phrase::ResponseToReport => "Response to the HMICFRS report: {title}",
        Phrase::LinkTo => "Link to {url}",
        Phrase::PageOf => "Page {page} of {pages}",
        Phrase::StatePublished => "Published",
        Phrase::StateReady => "Ready to publish",
        Phrase::StateDraft => "Draft",
        Phrase::StateLateReady => "Late: ready to publish",
        Phrase::StateOverdueDraft => "Overdue draft",
        Phrase::SiteTitle => "Responses to HMICFRS inspection reports",
        Phrase::Markdown => "Markdown",
        Phrase::Citation => "section 55 of the Police Act 1996",
        Phrase::CitationShort => "Police Act 1996, s.55",
        Phrase::PageTitle => "Response to HMICFRS: {report}",
        Phrase::PageTitleWithBody => "Response to HMICFRS: {report} – {body}",
        Phrase::Publisher => "Section 55 responses",
        Phrase::AnnexTitle => "Annex: the answers at a glance",
        Phrase::ReportItem => "Report item",
        Phrase::WhatItAsks => "What it asks",
        Phrase::Position => "Position",
        Phrase::Date => "Date",
    }
}

/// British English, the language of every letter so far.
pub const EN_GB: Language = Language {
    tag: "en-GB",
    months: crate::date::MONTHS,
    words: en_gb,
};

/// The language a letter is written in. (One for now: the groundwork for Welsh.)
pub fn language() -> &'static Language {
    &EN_GB
}

/// A phrase in the letter's language.
pub fn phrase(p: Phrase) -> &'static str {
    language().get(p)
}

/// A phrase with its `{name}` places filled in: `fill(Phrase::PageOf, &[("page", "2"), ("pages", "5")])`.
pub fn fill(p: Phrase, values: &[(&str, &str)]) -> String {
    let mut text = phrase(p).to_string();
    for (name, value) in values {
        text = text.replace(&format!("{{{name}}}"), value);
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_phrase_has_a_key_that_finds_it_and_words_in_british_english() {
        for p in Phrase::ALL {
            assert_eq!(Phrase::from_key(p.key()), Some(*p));
            assert!(!EN_GB.get(*p).is_empty());
        }
        assert_eq!(EN_GB.months[2], "March");
        assert_eq!(
            fill(Phrase::PageOf, &[("page", "2"), ("pages", "5")]),
            "Page 2 of 5"
        );
    }
}
