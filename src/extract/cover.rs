//! The cover: title, kind of report, inspection dates, forces.

use super::*;

/// The paragraphs of the cover: those before the contents, foreword or first sentence.
pub(super) fn cover(paras: &[Para]) -> impl Iterator<Item = &Para> {
    paras
        .iter()
        .take_while(|p| {
            !p.toc
                && !p.bullet
                && !ends_sentence(&p.text)
                && p.text.chars().count() <= 160
                && !matches!(
                    p.text.trim().to_lowercase().as_str(),
                    "contents" | "table of contents" | "foreword" | "summary" | "introduction"
                )
        })
        .take(8)
}

/// The title from the cover: its lines, without dates and the inspectorate's name, joined by
/// dashes ("National Child Protection Inspections – Hertfordshire Constabulary").
pub(super) fn title(paras: &[Para]) -> Option<String> {
    let parts: Vec<&str> = cover(paras)
        .map(|p| p.text.trim())
        .filter(|t| !looks_like_date(t) && t.starts_with(|c: char| c.is_uppercase()))
        .filter(|t| {
            let lower = t.to_lowercase();
            !(lower.contains("inspectorate")
                || lower.contains("fire & rescue services")
                || lower.contains("fire and rescue services")
                || lower == "hmicfrs"
                || lower.starts_with("published"))
        })
        .take(3)
        .collect();
    (!parts.is_empty()).then(|| parts.join(" – "))
}

pub(super) fn looks_like_date(t: &str) -> bool {
    let lower = t.to_lowercase();
    let has_year = lower
        .split(|c: char| !c.is_ascii_digit())
        .any(|w| w.len() == 4 && (w.starts_with("19") || w.starts_with("20")));
    let short = lower.split_whitespace().count() <= 8;
    has_year
        && short
        && (lower
            .split(|c: char| !c.is_alphabetic())
            .any(|w| crate::date::month_number(w).is_some())
            || lower.chars().filter(|c| c.is_alphabetic()).count() < 4)
}

/// The inspection's dates, when the cover gives a span: "2–13 September 2019",
/// "30 September – 4 October 2019", "28 October 2019 – 1 November 2019".
pub(super) fn inspected(paras: &[Para]) -> Option<Period> {
    cover(paras).find_map(|p| period(p.text.trim()))
}

pub(super) fn period(text: &str) -> Option<Period> {
    let norm = text.replace(['–', '—'], " - ").replace(" to ", " - ");
    let (a, b) = norm.split_once(" - ").or_else(|| {
        // "2-13 September 2019"
        let i = norm.find('-')?;
        Some((&norm[..i], &norm[i + 1..]))
    })?;
    let b_words: Vec<&str> = b.split_whitespace().collect();
    let a_words: Vec<&str> = a.split_whitespace().collect();
    if b_words.len() != 3 || a_words.is_empty() || a_words.len() > 3 {
        return None;
    }
    let end = day(&b_words)?;
    let start = match a_words.len() {
        1 => day(&[a_words[0], b_words[1], b_words[2]])?,
        2 => day(&[a_words[0], a_words[1], b_words[2]])?,
        _ => day(&a_words)?,
    };
    (start <= end).then_some(Period {
        from: Date(start),
        to: Date(end),
    })
}

pub(super) fn day(words: &[&str]) -> Option<NaiveDate> {
    let d: u32 = words.first()?.parse().ok()?;
    let name = words.get(1)?.to_lowercase();
    let month = crate::date::month_number(&name)?;
    let y: i32 = words.get(2)?.parse().ok()?;
    NaiveDate::from_ymd_opt(y, month, d)
}

/// The force named at the end of a title line: "An inspection of Westshire Police" gives
/// "Westshire Police".
pub(super) fn force_in(text: &str) -> Option<String> {
    let words: Vec<&str> = text.split_whitespace().collect();
    (0..words.len())
        .map(|i| &words[i..])
        .find(|tail| {
            tail.first()
                .is_some_and(|w| w.starts_with(|c: char| c.is_uppercase()))
                && tail.iter().all(|w| {
                    w.starts_with(|c: char| c.is_uppercase()) || matches!(*w, "and" | "of")
                })
        })
        .map(|tail| tail.join(" "))
        .filter(|name| is_force_name(name))
}

pub(super) fn is_force_name(name: &str) -> bool {
    let t = name.trim();
    let first_upper = t.starts_with(|c: char| c.is_uppercase()) && !t.starts_with("The ");
    first_upper
        && t.split_whitespace().count() <= 5
        && (t.ends_with("Constabulary") || t.ends_with(" Police") || t.ends_with("Police Service"))
}

pub(super) fn kind(title: Option<&str>, forces: &[String], recs: &[Rec]) -> ReportKind {
    let t = title.unwrap_or("").to_lowercase();
    if t.contains("peel") {
        return ReportKind::Peel;
    }
    if t.contains("custody") {
        return ReportKind::Custody;
    }
    if t.contains("spotlight") {
        return ReportKind::Spotlight;
    }
    if t.contains("crime data integrity") {
        return ReportKind::CrimeDataIntegrity;
    }
    let national = recs.iter().filter_map(|r| r.addressee.as_deref()).any(|a| {
        let a = a.to_lowercase();
        [
            "home office",
            "college of policing",
            "npcc",
            "national police chiefs",
            "chief constables",
            "ministry",
            "department",
        ]
        .iter()
        .any(|n| a.contains(n))
    });
    if t.contains("thematic") || (forces.is_empty() && national) {
        return ReportKind::NationalThematic;
    }
    if !forces.is_empty() {
        return ReportKind::ForceInspection;
    }
    ReportKind::Other
}
