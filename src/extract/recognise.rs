//! The recognisers: one scan over the paragraphs that finds each item in the layouts HMICFRS uses.

use super::*;


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
}

#[derive(Debug, Clone)]
pub(super) struct Item {
    pub(super) text: String,
    pub(super) at: At,
}

#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub(super) enum Mode {
    #[default]
    Narrative,
    Recommendations,
    CauseOfConcern,
    AreasForImprovement,
    Contents,
}

#[derive(Debug, Default)]
pub(super) struct Scanner {
    pub(super) mode: Mode,
    pub(super) chapter: Option<String>,
    pub(super) recs: Vec<Rec>,
    pub(super) causes: Vec<Item>,
    pub(super) afis: Vec<Item>,
    /// The cause of concern the next recommendations belong to.
    pub(super) cause: Option<usize>,
    /// Whether the current cause's text may still grow (paragraphs under its heading).
    pub(super) cause_open: bool,
    /// The recommendation that following bullets are sub-points of.
    pub(super) points_for: Option<usize>,
    /// The recommendation the previous paragraph was (for a second paragraph under a heading).
    pub(super) just_rec: Option<usize>,
    /// Where the latest duplicate went, so its sub-points are not taken as new items.
    pub(super) skipping_duplicate: bool,
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
            return;
        }
        if self.mode == Mode::Contents {
            let ends_with_page = p.text.split_whitespace().last().is_some_and(|w| {
                w.chars().all(|c| c.is_ascii_digit())
                    || w.chars().all(|c| matches!(c, 'i' | 'v' | 'x'))
            });
            if is_heading(p) && ends_with_page {
                return;
            }
            self.mode = Mode::Narrative;
        }
        if p.bullet {
            self.bullet(p);
            return;
        }
        self.skipping_duplicate = false;
        if is_heading(p) {
            self.heading(p);
            return;
        }
        let just_rec = self.just_rec.take();
        self.points_for = None;
        if let Some((kind, words)) = inline_label(&p.text) {
            match kind {
                Heading::CauseOfConcern => {
                    self.add_cause(words, p);
                    self.cause_open = false;
                    self.mode = Mode::Narrative;
                }
                Heading::Recommendations => {
                    let addressee = recommendation_addressee(words, true).flatten();
                    self.add_rec(words, addressee, p);
                }
                _ => self.add_afi(words, p),
            }
            return;
        }
        let in_section = self.mode == Mode::Recommendations;
        if let Some(addressee) = recommendation_addressee(&p.text, in_section) {
            self.add_rec(&p.text, addressee, p);
            return;
        }
        match self.mode {
            Mode::Recommendations => {
                // A second paragraph of the same recommendation.
                if let Some(i) = just_rec {
                    if !self.skipping_duplicate {
                        let rec = &mut self.recs[i];
                        rec.text.push_str("\n\n");
                        rec.text.push_str(p.text.trim());
                        self.just_rec = Some(i);
                        self.points_for = Some(i);
                    }
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
                    }
                    _ => {}
                }
            }
            Mode::AreasForImprovement => {
                if is_improvement(&p.text) {
                    self.add_afi(without_number(&p.text), p);
                }
            }
            Mode::Narrative | Mode::Contents => {}
        }
    }

    pub(super) fn heading(&mut self, p: &Para) {
        self.points_for = None;
        self.just_rec = None;
        let text = p.text.trim().trim_end_matches(':').to_string();
        let kind = item_heading(&text);
        let chapter = is_chapter_heading(&text);
        if chapter && kind != Some(Heading::Recommendations) || kind == Some(Heading::Summary) {
            self.chapter = Some(text.clone());
        }
        if chapter && kind == Some(Heading::Recommendations) && paragraph_number(&text).is_some() {
            self.chapter = Some(text.clone());
        }
        match kind {
            Some(Heading::Recommendations) => {
                if self.mode != Mode::CauseOfConcern && self.mode != Mode::Recommendations {
                    self.cause = None;
                }
                self.mode = Mode::Recommendations;
            }
            Some(Heading::CauseOfConcern) => {
                self.mode = Mode::CauseOfConcern;
                self.cause = None;
                self.cause_open = false;
            }
            Some(Heading::AreasForImprovement) => {
                self.mode = Mode::AreasForImprovement;
                self.cause = None;
            }
            Some(Heading::Contents) => {
                self.mode = Mode::Contents;
            }
            Some(Heading::Summary) | None => {
                self.mode = Mode::Narrative;
                self.cause = None;
            }
        }
    }

    pub(super) fn bullet(&mut self, p: &Para) {
        self.just_rec = None;
        if self.skipping_duplicate {
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
        match self.mode {
            Mode::Recommendations => {
                if let Some(addressee) = recommendation_addressee(&p.text, true) {
                    self.add_rec(&p.text, addressee, p);
                    self.points_for = None;
                }
            }
            Mode::AreasForImprovement => {
                self.add_afi(&p.text, p);
            }
            Mode::CauseOfConcern => {
                if let Some(i) = self.cause {
                    let c = &mut self.causes[i];
                    c.text.push_str("\n- ");
                    c.text.push_str(p.text.trim());
                }
            }
            Mode::Narrative | Mode::Contents => {}
        }
    }

    pub(super) fn add_rec(&mut self, text: &str, addressee: Option<String>, p: &Para) {
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
            return;
        }
        let rec = Rec {
            timescale: timescale(&text),
            addressee,
            points: Vec::new(),
            cause: self.cause,
            at: self.at(p),
            text,
        };
        self.recs.push(rec);
        let i = self.recs.len() - 1;
        self.points_for = Some(i);
        self.just_rec = (self.mode == Mode::Recommendations).then_some(i);
        self.cause_open = false;
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
        });
    }
}
