//! The recognisers: one scan over the paragraphs that finds each item in the layouts HMICFRS uses.

use super::*;

/// The recognisers: each layout HMICFRS uses, by the name shown as `found_by` in `s55 extract`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Recogniser {
    /// "We recommend that, within three months, X should ..." (or "HMICFRS recommends that ..."),
    /// or "Within three months, X should ..." / "X should immediately ..." anywhere in a chapter.
    WeRecommend,
    /// A paragraph under a `Recommendation` or `Recommendations` heading (each paragraph that asks
    /// for something is its own item) or after a `Recommendation:` label.
    RecommendationsHeading,
    /// A stem ending in a colon ("... the force should immediately:") whose bullets are the points
    /// of one recommendation.
    StemWithBullets,
    /// Bullets that are each a whole "The force should ..." sentence: each its own recommendation,
    /// with the timescale of the stem before them.
    SentenceBullets,
    /// A numbered national recommendation that names no one ("There should be ...", passive): its
    /// addressee is left empty and flagged.
    Unaddressed,
    /// A cause of concern: a paragraph under its heading, a `Cause of concern:` label (custody), or
    /// a heading sentence followed by an explanation (PEEL 2023–25).
    CauseOfConcern,
    /// An area for improvement: a paragraph or bullet under its heading, a label, or a heading
    /// sentence followed by an explanation (PEEL 2023–25).
    AreaForImprovement,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub(super) struct At {
    pub(super) chapter: Option<String>,
    pub(super) page: Option<usize>,
    pub(super) line: Option<usize>,
}

#[derive(Debug, Clone)]
pub(super) struct Rec {
    pub(super) text: String,
    pub(super) timescale: Option<String>,
    pub(super) addressee: Option<String>,
    pub(super) points: Vec<String>,
    pub(super) cause: Option<usize>,
    pub(super) at: At,
    pub(super) by: Recogniser,
}

#[derive(Debug, Clone)]
pub(super) struct Item {
    pub(super) text: String,
    pub(super) at: At,
    pub(super) by: Recogniser,
}

#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub(super) enum Mode {
    #[default]
    Narrative,
    Recommendations,
    CauseOfConcern,
    AreasForImprovement,
    Contents,
    /// A chapter about an earlier inspection's recommendations: nothing in it is taken.
    History,
}

#[derive(Debug, Default)]
pub(super) struct Scanner {
    pub(super) mode: Mode,
    pub(super) chapter: Option<String>,
    pub(super) recs: Vec<Rec>,
    pub(super) causes: Vec<Item>,
    pub(super) afis: Vec<Item>,
    /// The cause of concern the next recommendations belong to.
    cause: Option<usize>,
    /// Whether the current cause's text may still grow (paragraphs under its heading).
    cause_open: bool,
    /// The recommendation that following bullets are sub-points of.
    points_for: Option<usize>,
    /// The recommendation the previous paragraph was (for a second paragraph under a heading).
    just_rec: Option<usize>,
    /// Where the latest duplicate went, so its sub-points are not taken as new items.
    skipping_duplicate: bool,
    /// After "We recommend that, within six months:", the bullets are each a recommendation with
    /// this timescale.
    stem: Option<Option<String>>,
    /// After narrative that ends in a colon ("In our 2017 report we recommended that all forces
    /// should:"), its bullets are quoted, not items.
    quoting: bool,
    /// Under a numbered heading ("Area for improvement 2"), one item then its explanation.
    single: Option<bool>,
    /// In an annex or appendix: recommendations are taken only under their own headings.
    annex: bool,
    /// Under a `Recommendations` heading within a list of causes of concern: a heading sentence
    /// such as "The force needs to improve ..." starts the next cause.
    recs_in_cause_list: bool,
    /// Under a `Recommendations` heading, whether every paragraph since it has been a
    /// recommendation: only then is an unnumbered request that names no one ("There should be
    /// ...", passive) taken as one. Narrative, such as findings after a recommendation's bullets,
    /// ends the run.
    run_of_recs: bool,
    /// Under a numbered `Recommendation 3` heading: one recommendation.
    single_rec: bool,
    /// The previous paragraph was a heading: if this one is a PEEL grade ("Inadequate"), that
    /// heading starts a chapter.
    last_heading: Option<String>,
    previous_heading: Option<String>,
    /// The titles of the table of contents (without page numbers), lower case: a heading that is
    /// one of them starts a chapter.
    contents: std::collections::HashSet<String>,
}

/// A contents line's title, without its page number, dot leaders or tab, lower case.
fn contents_title(line: &str) -> String {
    let t = line.trim_end();
    let t = t
        .rsplit_once(char::is_whitespace)
        .map(|(title, _)| title)
        .unwrap_or(t);
    t.trim_end_matches(['.', ' ', '\t']).trim().to_lowercase()
}

/// A key that is the same for an item and its repetition in a summary: words only, without a
/// paragraph number or a trailing paragraph reference such as "(2.10)".
pub(super) fn dedup_key(text: &str) -> String {
    let mut t = without_number(text).trim().to_string();
    if t.ends_with(')') {
        if let Some(open) = t.rfind('(') {
            let inside = &t[open + 1..t.len() - 1];
            if inside.chars().any(|c| c.is_ascii_digit())
                && inside.split_whitespace().all(|w| {
                    w.chars().any(|c| c.is_ascii_digit()) || w.chars().all(|c| c.is_alphabetic())
                })
                && inside.len() <= 40
            {
                t.truncate(open);
            }
        }
    }
    t.to_lowercase()
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

impl Scanner {
    pub(super) fn at(&self, p: &Para) -> At {
        At {
            chapter: self.chapter.clone(),
            page: p.page,
            line: p.line,
        }
    }

    pub(super) fn take(&mut self, p: &Para, next_is_bullet: bool) {
        if p.toc {
            self.contents.insert(contents_title(&p.text));
            return;
        }
        self.previous_heading = self.last_heading.take();
        if self.mode == Mode::Contents {
            // Every contents line ends with its page number, even when the PDF lost the gap.
            let ends_with_page = p.text.split_whitespace().last().is_some_and(|w| {
                w.chars().all(|c| c.is_ascii_digit())
                    || w.chars().all(|c| matches!(c, 'i' | 'v' | 'x'))
            });
            if ends_with_page && !p.bullet {
                self.contents.insert(contents_title(&p.text));
                return;
            }
            self.mode = Mode::Narrative;
        }
        if self.mode == Mode::History {
            if !p.bullet && is_heading(p) && is_chapter_heading(&p.text) {
                self.heading(p);
            }
            return;
        }
        if p.bullet {
            self.bullet(p);
            return;
        }
        self.skipping_duplicate = false;
        self.quoting = false;
        if self.mode == Mode::Recommendations
            && self.recs_in_cause_list
            && is_heading(p)
            && item_sentence(&p.text)
        {
            // The next cause of concern of the list, after the recommendations of the one before.
            self.mode = Mode::CauseOfConcern;
            self.cause = None;
            self.cause_open = false;
            self.just_rec = None;
            self.points_for = None;
            self.recs_in_cause_list = false;
        }
        let item_under_heading =
            matches!(self.mode, Mode::CauseOfConcern | Mode::AreasForImprovement)
                && item_sentence(&p.text);
        if is_heading(p) && !item_under_heading {
            self.heading(p);
            return;
        }
        let just_rec = self.just_rec.take();
        self.points_for = None;
        if let Some((kind, words)) = inline_label(&p.text) {
            self.stem = None;
            match kind {
                Heading::CauseOfConcern => {
                    self.add_cause(words, p);
                    self.cause_open = false;
                    self.mode = Mode::Narrative;
                }
                Heading::Recommendations => {
                    let addressee = recommendation_addressee(words, true).flatten();
                    self.add_rec(words, addressee, p, Recogniser::RecommendationsHeading);
                }
                _ => self.add_afi(words, p),
            }
            return;
        }
        if let Some(timescale) = anonymous_stem(&p.text) {
            if next_is_bullet {
                self.stem = Some(timescale);
                return;
            }
        }
        self.stem = None;
        if self.single == Some(true) {
            // The explanation after a numbered item's heading sentence.
            return;
        }
        let in_section = self.mode == Mode::Recommendations
            || (self.mode == Mode::CauseOfConcern
                && next_is_bullet
                && p.text.trim_end().ends_with(':'));
        if !(self.annex && self.mode == Mode::Narrative) {
            if let Some(addressee) = recommendation_addressee(&p.text, in_section) {
                let by = if next_is_bullet && p.text.trim_end().ends_with(':') {
                    Recogniser::StemWithBullets
                } else if self.mode == Mode::Recommendations {
                    Recogniser::RecommendationsHeading
                } else {
                    Recogniser::WeRecommend
                };
                self.add_rec(&p.text, addressee, p, by);
                return;
            }
        }
        if p.text.trim_end().ends_with(':') && next_is_bullet {
            let lower = p.text.to_lowercase();
            if lower.contains("recommended") || lower.contains("we said") {
                self.quoting = true;
                return;
            }
        }
        match self.mode {
            Mode::Recommendations => {
                // A request that names no one is a recommendation only when numbered, or in a
                // recommendation's own form in a run of recommendations under the heading.
                let own = unaddressed_request(&p.text)
                    && (starts_numbered(&p.text)
                        || (self.run_of_recs && unaddressed_form(&p.text)));
                // A second paragraph of the same recommendation.
                let numbered = starts_numbered(&p.text) || action_plan_request(&p.text);
                if let (Some(i), false, false) = (just_rec, numbered, own) {
                    self.run_of_recs = false;
                    if !self.skipping_duplicate {
                        let rec = &mut self.recs[i];
                        rec.text.push_str("\n\n");
                        rec.text.push_str(p.text.trim());
                        self.just_rec = Some(i);
                        self.points_for = Some(i);
                    }
                } else if own {
                    self.add_rec(&p.text, None, p, Recogniser::Unaddressed);
                } else {
                    self.run_of_recs = false;
                }
            }
            Mode::CauseOfConcern => {
                let numbered = starts_numbered(&p.text);
                match self.cause {
                    Some(i) if self.cause_open && !numbered => {
                        let c = &mut self.causes[i];
                        c.text.push_str("\n\n");
                        c.text.push_str(p.text.trim());
                    }
                    _ if !(next_is_bullet
                        && p.text.trim_end().ends_with(':')
                        && self.cause.is_some()) =>
                    {
                        self.add_cause(without_number(&p.text), p);
                        self.cause_open = true;
                        if self.single == Some(false) {
                            self.single = Some(true);
                        }
                    }
                    _ => {}
                }
            }
            Mode::AreasForImprovement => {
                if is_improvement(&p.text) {
                    self.add_afi(without_number(&p.text), p);
                    if self.single == Some(false) {
                        self.single = Some(true);
                    }
                }
            }
            Mode::Narrative | Mode::Contents | Mode::History => {}
        }
    }

    pub(super) fn heading(&mut self, p: &Para) {
        self.points_for = None;
        self.just_rec = None;
        self.stem = None;
        self.quoting = false;
        // Whether the list was of numbered items ("Area for improvement 2"), each one item and
        // its explanation.
        let numbered_list = self.single.is_some();
        self.single = None;
        let recs_in_cause_list = self.recs_in_cause_list;
        self.recs_in_cause_list = false;
        let text = p.text.trim().trim_end_matches(':').to_string();
        let kind = item_heading(&text);
        let chapter =
            is_chapter_heading(&text) || self.contents.contains(&text.trim().to_lowercase());
        if chapter && kind != Some(Heading::Recommendations) || kind == Some(Heading::Summary) {
            self.chapter = Some(text.clone());
        }
        if chapter && kind == Some(Heading::Recommendations) && paragraph_number(&text).is_some() {
            self.chapter = Some(text.clone());
        }
        // A "Recommendations" chapter of its own, after unnumbered chapters ("Findings").
        // The lists of a PEEL report, or a "Recommendations" chapter after unnumbered chapters
        // ("Findings"), are chapters of their own; in a report of numbered chapters they are not.
        // Under a chapter of its own subject ("Investigating crime", from the contents or graded),
        // such a heading heads that chapter's items and is no chapter, unless the contents list it.
        let is_plain_list = |t: &str| {
            matches!(
                t.to_lowercase().as_str(),
                "recommendations" | "causes of concern" | "areas for improvement"
            )
        };
        let plain_list = is_plain_list(&text);
        let listed = self.contents.contains(&text.trim().to_lowercase());
        let current_general = self.chapter.as_deref().is_none_or(|c| {
            paragraph_number(c).is_none()
                && strip_section_label(c).is_none()
                && (is_chapter_heading(c) || is_plain_list(c))
        });
        let under_cause = self
            .chapter
            .as_deref()
            .is_some_and(|c| c.eq_ignore_ascii_case("causes of concern"));
        if plain_list
            && (listed || current_general)
            && !(kind == Some(Heading::Recommendations) && under_cause)
        {
            self.chapter = Some(text.clone());
        }
        // A PEEL chapter's grade ("Inadequate") straight after its heading: that heading starts
        // a chapter, even when the report has no contents.
        if let Some(previous) = self.previous_heading.take() {
            if is_grade(&text) && item_heading(&previous).is_none() {
                self.chapter = Some(previous);
            }
        }
        self.last_heading = Some(text.clone());
        if chapter {
            let lower = text.to_lowercase();
            self.annex = lower.starts_with("annex") || lower.starts_with("appendix");
        }
        if is_history_heading(&text) {
            self.mode = Mode::History;
            self.cause = None;
            return;
        }
        // "Area for improvement 2", "Cause of concern 1": one item, then its explanation.
        let numbered = text.trim().ends_with(|c: char| c.is_ascii_digit());
        match kind {
            Some(Heading::Recommendations) => {
                self.run_of_recs = true;
                self.single_rec = numbered && text.to_lowercase().starts_with("recommendation ");
                if self.mode != Mode::CauseOfConcern && self.mode != Mode::Recommendations {
                    self.cause = None;
                }
                self.recs_in_cause_list = self.mode == Mode::CauseOfConcern
                    || (self.mode == Mode::Recommendations && recs_in_cause_list);
                self.mode = Mode::Recommendations;
            }
            Some(Heading::CauseOfConcern) => {
                self.mode = Mode::CauseOfConcern;
                self.cause = None;
                self.cause_open = false;
                self.single = numbered.then_some(false);
            }
            Some(Heading::AreasForImprovement) => {
                self.mode = Mode::AreasForImprovement;
                self.cause = None;
                self.single = numbered.then_some(false);
            }
            Some(Heading::Contents) => {
                self.mode = Mode::Contents;
            }
            None if !chapter
                && !numbered_list
                && matches!(self.mode, Mode::CauseOfConcern | Mode::AreasForImprovement) =>
            {
                // A sub-heading naming the area of a cause of concern ("Protecting vulnerable
                // people"): the list goes on, and the next paragraph starts a new cause.
                self.cause = None;
                self.cause_open = false;
            }
            Some(Heading::Summary) | None => {
                self.mode = Mode::Narrative;
                self.cause = None;
            }
        }
    }

    pub(super) fn bullet(&mut self, p: &Para) {
        self.just_rec = None;
        if self.skipping_duplicate || self.quoting || self.single == Some(true) {
            return;
        }
        if let Some(i) = self.points_for {
            let rec_text_ends_in_colon = self.recs[i].text.trim_end().ends_with(':');
            let own_rec = recommendation_addressee(&p.text, true).is_some();
            if rec_text_ends_in_colon || !own_rec || !self.recs[i].points.is_empty() {
                self.recs[i].points.push(p.text.trim().to_string());
                return;
            }
        }
        if let Some(timescale) = self.stem.clone() {
            if let Some(addressee) = recommendation_addressee(&p.text, true) {
                let i = self.add_rec(&p.text, addressee, p, Recogniser::SentenceBullets);
                if let Some(i) = i {
                    if self.recs[i].timescale.is_none() {
                        self.recs[i].timescale = timescale;
                    }
                }
                self.points_for = None;
                return;
            }
        }
        match self.mode {
            Mode::Recommendations => {
                if let Some(addressee) = recommendation_addressee(&p.text, true) {
                    self.add_rec(&p.text, addressee, p, Recogniser::SentenceBullets);
                    self.points_for = None;
                }
            }
            Mode::AreasForImprovement => {
                self.add_afi(&p.text, p);
            }
            Mode::CauseOfConcern => {
                if self.cause.is_some() && item_sentence(&p.text) {
                    if let Some(addressee) = recommendation_addressee(&p.text, true) {
                        self.add_rec(&p.text, addressee, p, Recogniser::SentenceBullets);
                        self.points_for = None;
                        return;
                    }
                }
                if let Some(i) = self.cause {
                    let c = &mut self.causes[i];
                    c.text.push_str("\n- ");
                    c.text.push_str(p.text.trim());
                }
            }
            Mode::Narrative | Mode::Contents | Mode::History => {}
        }
    }

    /// Adds a recommendation (or fills the gaps of its earlier copy); gives its index when new.
    pub(super) fn add_rec(
        &mut self,
        text: &str,
        addressee: Option<String>,
        p: &Para,
        by: Recogniser,
    ) -> Option<usize> {
        let text = without_number(text).trim().to_string();
        let key = dedup_key(&text);
        if let Some(i) = self.recs.iter().position(|r| dedup_key(&r.text) == key) {
            // The same recommendation repeated (in a summary): keep the first, filling gaps.
            if self.recs[i].cause.is_none() {
                self.recs[i].cause = self.cause;
            }
            if self.recs[i].points.is_empty() {
                self.points_for = Some(i);
            } else {
                self.skipping_duplicate = true;
                self.points_for = None;
            }
            return None;
        }
        let by = if addressee.is_none() {
            Recogniser::Unaddressed
        } else {
            by
        };
        let rec = Rec {
            timescale: timescale(&text),
            addressee,
            points: Vec::new(),
            cause: self.cause,
            at: self.at(p),
            text,
            by,
        };
        self.recs.push(rec);
        if self.single_rec {
            self.run_of_recs = false;
        }
        let i = self.recs.len() - 1;
        self.points_for = Some(i);
        self.just_rec = (self.mode == Mode::Recommendations).then_some(i);
        self.cause_open = false;
        Some(i)
    }

    pub(super) fn add_cause(&mut self, text: &str, p: &Para) {
        let text = text.trim().to_string();
        let key = dedup_key(&text);
        if let Some(i) = self.causes.iter().position(|c| dedup_key(&c.text) == key) {
            self.cause = Some(i);
            return;
        }
        self.causes.push(Item {
            text,
            at: self.at(p),
            by: Recogniser::CauseOfConcern,
        });
        self.cause = Some(self.causes.len() - 1);
    }

    pub(super) fn add_afi(&mut self, text: &str, p: &Para) {
        let text = text.trim().to_string();
        let key = dedup_key(&text);
        if self.afis.iter().any(|a| dedup_key(&a.text) == key) {
            return;
        }
        self.afis.push(Item {
            text,
            at: self.at(p),
            by: Recogniser::AreaForImprovement,
        });
    }
}

/// A PEEL graded judgment set under a chapter's heading.
fn is_grade(text: &str) -> bool {
    matches!(
        text.trim().to_lowercase().as_str(),
        "outstanding" | "good" | "adequate" | "requires improvement" | "inadequate"
    )
}

/// A heading over an earlier inspection's recommendations ("Annex A: Progress against our 2017
/// recommendations", "Recommendations from our previous inspection").
fn is_history_heading(text: &str) -> bool {
    let lower = text.to_lowercase();
    let about_items = lower.contains("recommendation")
        || lower.contains("areas for improvement")
        || lower.contains("causes of concern");
    let past = lower.contains("progress")
        || lower.contains("previous")
        || lower.contains("earlier")
        || lower.contains("last inspection")
        || lower
            .split(|c: char| !c.is_ascii_digit())
            .any(|w| w.len() == 4 && w.starts_with("20"));
    about_items && past
}
