//! The response file format: what an officer writes by hand, one YAML file per response.
//!
//! Every type here is read with unknown keys refused (a typo is an error with a did-you-mean, never a
//! silently ignored field). The doc comments are written for the officers who edit these files: they
//! become the hover text in an editor through the JSON Schema that `s55 schema` prints.

use crate::date::Date;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// The file format version this build of s55 reads and writes.
pub const FORMAT_VERSION: u32 = 1;

/// One section 55 response: the HMICFRS report, the chief officer's comments, the commissioner's
/// comments on every recommendation, and the letter that publishes them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ResponseFile {
    /// The version of this file format. Write `1`.
    pub s55: u32,
    /// How the letter is laid out: the name of a template. Built in: `letter` (a letter to several
    /// addressees), `home-secretary` (a formal letter to the Home Secretary with an address block) and
    /// `board-paper` (a paper with numbered recommendations, each followed by the force's response).
    /// Your own `templates/NAME.md` is used instead when it exists.
    #[serde(default = "default_layout")]
    pub layout: String,
    /// The HMICFRS report being answered, written out here. Leave it out and give `report_file`
    /// instead when several responses answer the same national report.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub report: Option<Report>,
    /// A separate file holding the report (for a national report that many offices answer), as a path
    /// relative to this file, for example `../reports/ncpi-2019-thematic.yaml`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub report_file: Option<String>,
    /// A shared file with the office's details (body, signatory, letterhead, usual addressees), as a
    /// path relative to this file, for example `../office.yaml`. Anything written in this file wins.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub office: Option<String>,
    /// The local policing body that must respond: a commissioner, mayor or the like. May come from
    /// the `office` file instead.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub body: Option<Body>,
    /// The chief officer of police (chief constable, or Commissioner in London and the City), who
    /// must be invited to comment on the report (s.55(4)).
    #[serde(default)]
    pub chief_officer: ChiefOfficer,
    /// The local policing body's own comments: the overview and an answer to every recommendation.
    #[serde(default)]
    pub comments: Comments,
    /// The letter (or paper) that publishes the comments: date, addressees, copies and publication.
    #[serde(default)]
    pub letter: Letter,
}

fn default_layout() -> String {
    "letter".to_string()
}

/// A file holding only a report, shared by several responses (see `report_file`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ReportFile {
    /// The version of this file format. Write `1`.
    pub s55: u32,
    /// The HMICFRS report.
    pub report: Report,
}

/// A file holding the office's details, shared by all of its responses (see `office`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct OfficeFile {
    /// The version of this file format. Write `1`.
    pub s55: u32,
    /// The local policing body, its signatory and letterhead.
    pub body: Body,
    /// Letter details used by every response unless the response says otherwise: usual
    /// addressees, copies, salutation and closing.
    #[serde(default)]
    pub letter: LetterDefaults,
}

/// An HMICFRS inspection report, as published.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Report {
    /// The report's title exactly as HMICFRS gives it.
    pub title: String,
    /// What sort of report it is.
    pub kind: ReportKind,
    /// The force or forces inspected. Leave empty for a national report.
    #[serde(default)]
    pub forces: Vec<String>,
    /// The day HMICFRS published the report (YYYY-MM-DD). The 56 days run from this date, so it must
    /// be the real publication date, not the cover date or a web page's "published on" date.
    pub published: Date,
    /// Where the report can be read.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// When the inspection took place.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub inspected: Option<Period>,
    /// The report's causes of concern. Their recommendations are listed under `recommendations`
    /// with `cause_of_concern` set.
    #[serde(default)]
    pub causes_of_concern: Vec<CauseOfConcern>,
    /// Every recommendation in the report, including those addressed to the Home Office, the College
    /// of Policing and other national bodies: section 55(5B) requires an explanation for each.
    #[serde(default)]
    pub recommendations: Vec<Recommendation>,
    /// The report's areas for improvement. The law does not require an answer to each, but a missing
    /// answer is reported as a warning.
    #[serde(default)]
    pub areas_for_improvement: Vec<AreaForImprovement>,
    /// Written by `s55 new`: how many recommendations, causes of concern and areas for improvement
    /// the report says it contains, and how many s55 found in it. When they differ, `s55 check`
    /// reports it until you have compared the items above with the report by hand, added any that
    /// are missing, and set `checked_by_hand: true`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub extraction: Option<Extraction>,
}

/// What `s55 new` read from the report, to show whether any item may be missing.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Extraction {
    /// How many of each the report itself says it contains ("We make five recommendations"). Empty
    /// where the report does not say.
    #[serde(default)]
    pub stated: ItemCounts,
    /// How many of each s55 found in the report.
    #[serde(default)]
    pub found: ItemCounts,
    /// Set to `true` once someone has compared the items above with the report, page by page, and
    /// added any that s55 missed. Until then `s55 check` reports any difference between `stated`
    /// and `found`.
    #[serde(default)]
    pub checked_by_hand: bool,
}

/// Numbers of recommendations, causes of concern and areas for improvement.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ItemCounts {
    /// Recommendations.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recommendations: Option<usize>,
    /// Causes of concern.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub causes_of_concern: Option<usize>,
    /// Areas for improvement.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub areas_for_improvement: Option<usize>,
}

/// The kinds of HMICFRS report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum ReportKind {
    /// An inspection of one force (for example a national child protection inspection of a force).
    ForceInspection,
    /// A national or thematic report covering many forces.
    NationalThematic,
    /// A PEEL assessment (police effectiveness, efficiency and legitimacy).
    Peel,
    /// A custody inspection, made jointly with HM Inspectorate of Prisons.
    Custody,
    /// A spotlight report.
    Spotlight,
    /// A crime data integrity inspection.
    CrimeDataIntegrity,
    /// Any other report.
    Other,
}

impl ReportKind {
    /// The kind in words, as shown on pages and in letters.
    pub fn label(self) -> &'static str {
        match self {
            ReportKind::ForceInspection => "Force inspection",
            ReportKind::NationalThematic => "National thematic report",
            ReportKind::Peel => "PEEL inspection",
            ReportKind::Custody => "Custody inspection",
            ReportKind::Spotlight => "Spotlight report",
            ReportKind::CrimeDataIntegrity => "Crime data integrity inspection",
            ReportKind::Other => "Inspection report",
        }
    }
}

/// A span of days, such as the inspection's fieldwork.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Period {
    /// The first day (YYYY-MM-DD).
    pub from: Date,
    /// The last day (YYYY-MM-DD).
    pub to: Date,
}

/// A recommendation, copied word for word from the report.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Recommendation {
    /// A short, stable name for this recommendation, used by answers to refer to it, for example `R1`.
    pub id: String,
    /// The recommendation's words exactly as in the report (Markdown).
    pub text: String,
    /// The bulleted sub-points that follow the recommendation, if any, word for word.
    #[serde(default)]
    pub points: Vec<String>,
    /// When the report asks for it to be done: "immediately", "within three months",
    /// "by 31 August 2015" and the like.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timescale: Option<String>,
    /// Who the report addresses it to: "Hertfordshire Constabulary", "all chief constables",
    /// "the Home Office" and the like.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub addressee: Option<String>,
    /// The id of the cause of concern this recommendation belongs to, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cause_of_concern: Option<String>,
    /// The chapter of the report it appears in.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub chapter: Option<String>,
}

/// A cause of concern: a serious shortcoming, always followed by one or more recommendations.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CauseOfConcern {
    /// A short, stable name, for example `C1`.
    pub id: String,
    /// The cause of concern's words exactly as in the report (Markdown).
    pub text: String,
    /// The chapter of the report it appears in.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub chapter: Option<String>,
}

/// An area for improvement: where the force falls short of expected standards, with no
/// recommendation attached.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AreaForImprovement {
    /// A short, stable name, for example `AFI1`.
    pub id: String,
    /// The area for improvement's words exactly as in the report (Markdown).
    pub text: String,
    /// The chapter of the report it appears in.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub chapter: Option<String>,
}

/// The local policing body: a police and crime commissioner, a mayor holding PCC functions, the
/// Mayor's Office for Policing and Crime, the Common Council of the City of London, or the like.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Body {
    /// The body's name as it appears on its letters, for example
    /// "Office of the Police and Crime Commissioner for Hertfordshire".
    pub name: String,
    /// Who signs the letter, for example "David Lloyd".
    pub signatory: String,
    /// The signatory's title, for example "Police and Crime Commissioner for Hertfordshire".
    pub title: String,
    /// The office's postal address, one line each.
    #[serde(default)]
    pub address: Vec<String>,
    /// A contact line for the letterhead: telephone, email, website.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contact: Option<String>,
    /// Extra letterhead lines shown under the body's name (a strapline, for example).
    #[serde(default)]
    pub letterhead: Vec<String>,
    /// The office's logo for the letterhead (PNG or JPEG), as a path relative to the file it is in.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub logo: Option<Image>,
    /// An image of the signature (PNG or JPEG), as a path relative to the file it is in.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub signature: Option<Image>,
    /// The office's own Word template (`.dotx` or `.docx`), as a path relative to the file it is
    /// in, for example `letterhead.dotx`. The Word letter is written into it: its page size and
    /// margins, its header and footer (the letterhead, crest and address) and its styles (fonts and
    /// colours of Title, Heading 1 and the rest) are kept, and s55's own styles fill in any it lacks.
    /// When its header holds the letterhead, the letter does not repeat the logo and letterhead
    /// lines above the date. Leave out for s55's plain built-in style. The PDF letter does not use it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub word_template: Option<String>,
}

/// An image placed in the letter.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Image {
    /// The image file (PNG or JPEG), relative to the file that names it.
    pub path: String,
    /// What the image shows, read out by screen readers. Leave out for a purely decorative image.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub alt: Option<String>,
}

/// The chief officer of police and their comments on the report.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ChiefOfficer {
    /// The chief officer's name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Their title, for example "Chief Constable" or "Commissioner".
    #[serde(default = "default_chief_title")]
    pub title: String,
    /// The force they lead, as it names itself, for example "Dorset Police". Letters label the
    /// chief officer's comments on each item with it ("Dorset Police's response: ...").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub force: Option<String>,
    /// The day the body invited the chief officer to comment on the report (s.55(4)).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub invited: Option<Date>,
    /// Where the invitation is recorded, when its date is not known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub invited_note: Option<String>,
    /// The date the chief officer was asked to reply by.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reply_by: Option<Date>,
    /// The chief officer's comments on the report as a whole (Markdown). They must be published with
    /// the body's comments (s.55(5)).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comments: Option<String>,
}

fn default_chief_title() -> String {
    "Chief Constable".to_string()
}

/// The local policing body's comments on the report.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Comments {
    /// The body's comments on the report as a whole (Markdown): the opening paragraphs of the letter.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub overview: Option<String>,
    /// The body's answers: one per recommendation, area for improvement or cause of concern, or one
    /// for a group of items answered together.
    #[serde(default)]
    pub answers: Vec<Answer>,
    /// The body's response to the chief officer's comments (s.55(5)(c)), if it has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub on_chief_officer_comments: Option<String>,
    /// Closing paragraphs after the answers (Markdown).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub closing: Option<String>,
}

/// The answer to one item of the report, or to several answered together.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Answer {
    /// The ids of the items this answer covers, for example `[R1]` or `[R4, R5]`.
    pub items: Vec<String>,
    /// How the letter introduces the item, when it paraphrases it rather than quoting the report
    /// (Markdown). Leave out to quote the report's words.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub summary: Option<String>,
    /// The chief officer's comments on this item (Markdown), published with the body's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub chief_officer: Option<String>,
    /// What the body has done or will do: `action-taken`, `action-proposed` or `no-action`.
    /// Section 55(5B) requires an explanation of the action, or of why there is none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub position: Option<Position>,
    /// The body's comment (Markdown): for `action-taken` and `action-proposed`, the action.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
    /// Who is responsible for the action.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner: Option<String>,
    /// When the action is due or was completed (YYYY-MM-DD).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub due: Option<Date>,
    /// For `no-action`: why the body has not taken, or does not propose to take, any action
    /// (Markdown). Required by s.55(5B)(b).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

/// The body's position on a recommendation, as s.55(5B) frames it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Position {
    /// Action has been taken (s.55(5B)(a)).
    ActionTaken,
    /// Action is proposed (s.55(5B)(a)).
    ActionProposed,
    /// No action has been or will be taken, for the reason given (s.55(5B)(b)).
    NoAction,
}

impl Position {
    /// The position in words.
    pub fn label(self) -> &'static str {
        match self {
            Position::ActionTaken => "Action taken",
            Position::ActionProposed => "Action proposed",
            Position::NoAction => "No action",
        }
    }
}

/// The letter (or paper) that publishes the comments.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Letter {
    /// The date on the letter (YYYY-MM-DD).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<Date>,
    /// Our reference, printed under the letterhead.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reference: Option<String>,
    /// Who the letter is addressed to. Section 55(6) requires copies to go to HMICFRS and the
    /// Secretary of State: name them here or under `copies`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to: Option<Vec<Recipient>>,
    /// Who receives a copy.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub copies: Option<Vec<Recipient>>,
    /// The subject line.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subject: Option<String>,
    /// The greeting, for example "Dear Home Secretary".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub salutation: Option<String>,
    /// The sign-off, for example "Yours sincerely".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub closing: Option<String>,
    /// For a paper rather than a letter: who it is from, for example "Chief Constable".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<String>,
    /// Contact officers named at the end of a paper, one line each.
    #[serde(default)]
    pub contacts: Vec<String>,
    /// Where and when the response was published. Leave out while it is a draft.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub published: Option<Publication>,
    /// When copies went to HMICFRS and the Home Secretary (s.55(6)).
    #[serde(default)]
    pub sent: Sent,
}

/// Letter details that an office file gives to every response.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct LetterDefaults {
    /// The usual addressees.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to: Option<Vec<Recipient>>,
    /// The usual copies.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub copies: Option<Vec<Recipient>>,
    /// The usual greeting.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub salutation: Option<String>,
    /// The usual sign-off.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub closing: Option<String>,
}

/// Someone the letter is addressed or copied to.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Recipient {
    /// The name as it appears in the letter, for example "Rt Hon Priti Patel MP" or "HMICFRS".
    pub name: String,
    /// Their role, for example "Home Secretary".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<String>,
    /// Postal address lines.
    #[serde(default)]
    pub address: Vec<String>,
}

/// Where and when the response was published.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Publication {
    /// The day it went on the website (YYYY-MM-DD). This is the date s.55(5A) measures.
    pub on: Date,
    /// The web address it was published at.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub at: Option<String>,
}

/// When copies of the published response were sent (s.55(6)).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Sent {
    /// The day a copy went to HMICFRS (YYYY-MM-DD).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hmicfrs: Option<Date>,
    /// The day a copy went to the Home Secretary (YYYY-MM-DD).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub home_secretary: Option<Date>,
}

/// What an item of the report is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ItemKind {
    /// A recommendation.
    Recommendation,
    /// A cause of concern.
    CauseOfConcern,
    /// An area for improvement.
    AreaForImprovement,
}

impl ItemKind {
    /// The kind in words, lower case, for messages.
    pub fn label(self) -> &'static str {
        match self {
            ItemKind::Recommendation => "recommendation",
            ItemKind::CauseOfConcern => "cause of concern",
            ItemKind::AreaForImprovement => "area for improvement",
        }
    }
}

impl Report {
    /// Every item of the report with its id and kind, in the order written.
    pub fn items(&self) -> impl Iterator<Item = (ItemKind, &str, &str)> {
        let recs = self
            .recommendations
            .iter()
            .map(|r| (ItemKind::Recommendation, r.id.as_str(), r.text.as_str()));
        let causes = self
            .causes_of_concern
            .iter()
            .map(|c| (ItemKind::CauseOfConcern, c.id.as_str(), c.text.as_str()));
        let afis = self
            .areas_for_improvement
            .iter()
            .map(|a| (ItemKind::AreaForImprovement, a.id.as_str(), a.text.as_str()));
        causes.chain(recs).chain(afis)
    }

    /// The kind of the item with this id, if the report has one.
    pub fn kind_of(&self, id: &str) -> Option<ItemKind> {
        self.items().find(|(_, i, _)| *i == id).map(|(k, _, _)| k)
    }
}
