//! HMICFRS wording: addressees, timescales, "we recommend that", labels.

use super::*;

/// Words that name a body a recommendation can be addressed to.
pub(super) const BODIES: &[&str] = &[
    "constabulary",
    "police",
    "force",
    "forces",
    "chief constable",
    "chief officer",
    "commissioner",
    "home office",
    "college of policing",
    "npcc",
    "national police chiefs",
    "iopc",
    "independent office for police conduct",
    "ministry",
    "department",
    "government",
    "secretary of state",
    "home secretary",
    "hmpps",
    "prison",
    "national crime agency",
    "nca",
    "crown prosecution",
    "cps",
    "local authorit",
    "council",
    "mayor",
    "mopac",
    "pcc",
    "policing body",
    "policing bodies",
    "agencies",
    "partners",
    "service",
    "national lead",
    "lead for",
];

pub(super) fn has_body_word(text: &str) -> bool {
    let lower = format!(" {} ", text.to_lowercase());
    BODIES.iter().any(|b| {
        lower
            .match_indices(b)
            .any(|(i, _)| !lower[..i].ends_with(|c: char| c.is_alphanumeric()))
    })
}

/// Whether the words before "should" name a body ("the force", "all chief constables",
/// "the Home Office"), rather than narrative ("In 2015 we recommended that the force").
pub(super) fn is_addressee(text: &str) -> bool {
    let t = text.trim().trim_end_matches(',');
    let words: Vec<String> = t
        .split_whitespace()
        .map(|w| {
            w.trim_matches(|c: char| !c.is_alphanumeric())
                .to_lowercase()
        })
        .collect();
    if words.is_empty() || words.len() > 16 || t.contains(['.', ';', ':']) {
        return false;
    }
    let narrative = [
        "we",
        "our",
        "i",
        "it",
        "recommended",
        "recommendation",
        "recommendations",
        "if",
        "when",
        "whether",
        "that",
        "this",
        "these",
        "they",
        "which",
        "who",
        "progress",
    ];
    if words.iter().any(|w| narrative.contains(&w.as_str())) {
        return false;
    }
    has_body_word(t)
}

/// The timescale phrases a recommendation may start with or contain, with where they start and
/// end in `text`.
pub(super) fn find_timescale(text: &str) -> Option<(usize, usize)> {
    let lower = text.to_lowercase();
    let mut best: Option<(usize, usize)> = None;
    let mut consider = |span: (usize, usize)| {
        if best.is_none_or(|b| span.0 < b.0) {
            best = Some(span);
        }
    };
    for (i, _) in lower.match_indices("immediately") {
        let before_ok = !lower[..i].ends_with(|c: char| c.is_alphanumeric());
        let after_ok = !lower[i + 11..].starts_with(|c: char| c.is_alphanumeric());
        if before_ok && after_ok {
            consider((i, i + 11));
        }
    }
    for (i, _) in lower.match_indices("within ") {
        if lower[..i].ends_with(|c: char| c.is_alphanumeric()) {
            continue;
        }
        let rest = &lower[i + 7..];
        let mut words = rest.split(' ');
        let (Some(n), Some(unit)) = (words.next(), words.next()) else {
            continue;
        };
        let unit_clean = unit.trim_end_matches(|c: char| !c.is_alphanumeric());
        // A number in figures or words, or "a" ("within a month").
        let is_number = n == "a"
            || (!n.is_empty() && n.chars().all(|c| c.is_ascii_digit()))
            || super::counts::number(n).is_some();
        let is_unit = matches!(
            unit_clean,
            "day" | "days" | "week" | "weeks" | "month" | "months" | "year" | "years"
        );
        if is_number && is_unit {
            let end = i + 7 + n.len() + 1 + unit_clean.len();
            consider((i, end));
        }
    }
    for lead in ["by ", "not later than ", "no later than "] {
        for (i, _) in lower.match_indices(lead) {
            if lower[..i].ends_with(|c: char| c.is_alphanumeric()) {
                continue;
            }
            if let Some(len) = date_phrase(&lower[i + lead.len()..]) {
                consider((i, i + lead.len() + len));
            }
        }
    }
    best
}

/// The length of a date at the start of `text` (lower case): "31 august 2015", "march 2024",
/// "the end of march 2024", "the end of 2024".
pub(super) fn date_phrase(text: &str) -> Option<usize> {
    let mut pos = 0;
    let rest = |pos: usize| &text[pos..];
    if rest(pos).starts_with("the end of ") {
        pos += "the end of ".len();
    }
    let word_len = |s: &str| s.find([' ', ',', '.', ';', ')']).unwrap_or(s.len());
    let first = &rest(pos)[..word_len(rest(pos))];
    let mut saw_month = false;
    if !first.is_empty() && first.len() <= 2 && first.chars().all(|c| c.is_ascii_digit()) {
        pos += first.len() + 1;
        if pos > text.len() {
            return None;
        }
    }
    let w = &rest(pos)[..word_len(rest(pos))];
    if crate::date::month_number(w).is_some() {
        saw_month = true;
        pos += w.len();
        if rest(pos).starts_with(' ') {
            pos += 1;
        }
    }
    let y = &rest(pos)[..word_len(rest(pos))];
    if y.len() == 4 && y.chars().all(|c| c.is_ascii_digit()) {
        pos += 4;
        return Some(pos);
    }
    if saw_month {
        // "by 31 March" without a year.
        return Some(
            pos.min(text.len())
                .saturating_sub(usize::from(text[..pos].ends_with(' '))),
        );
    }
    None
}

/// The timescale of a recommendation, in the report's words ("within three months").
pub(super) fn timescale(text: &str) -> Option<String> {
    let (a, b) = find_timescale(text)?;
    Some(lower_first(text[a..b].trim()))
}

pub(super) fn lower_first(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_lowercase().chain(c).collect(),
        None => String::new(),
    }
}

/// The paragraph without a leading number ("3.1 ", "1. ").
pub(super) fn without_number(text: &str) -> &str {
    paragraph_number(text)
        .map(|(_, r)| r)
        .unwrap_or(text.trim())
}

/// A leading timescale phrase and its comma ("Within three months, "), if the text starts with one.
pub(super) fn leading_timescale(text: &str) -> Option<&str> {
    let (a, b) = find_timescale(text)?;
    if a != 0 {
        return None;
    }
    let rest = text[b..].trim_start();
    // "Within three months, the force should" or, without the comma, "Immediately Southvale
    // Police should".
    Some(rest.strip_prefix(',').map(str::trim_start).unwrap_or(rest))
}

/// The ways a report says that it recommends something.
const RECOMMEND: &[&str] = &[
    "we recommend that",
    "hmicfrs recommends that",
    "hmic recommends that",
    "hm inspectorate of constabulary recommends that",
    "the inspectorate recommends that",
];

/// Where "we recommend that" (or "HMICFRS recommends that") starts, when the paragraph opens with
/// it (perhaps after a short introductory clause: "To address this cause of concern, we recommend
/// that ..."), and its length.
pub(super) fn we_recommend(text: &str) -> Option<(usize, usize)> {
    let lower = text.to_lowercase();
    let (i, len) = RECOMMEND
        .iter()
        .filter_map(|r| lower.find(r).map(|i| (i, r.len())))
        .min()?;
    if i == 0 {
        return Some((i, len));
    }
    let before = &lower[..i];
    (before.trim_end().ends_with(',') && i <= 100 && !before.contains('.')).then_some((i, len))
}

/// A stem that recommends without naming anyone, because each bullet after it does: "We recommend
/// that, within six months:". Gives the stem's timescale, if any.
pub(super) fn anonymous_stem(text: &str) -> Option<Option<String>> {
    let t = without_number(text);
    let (i, len) = we_recommend(t)?;
    let after = t[i + len..].trim_start().trim_start_matches(',').trim();
    let body = after.strip_suffix(':')?.trim().trim_end_matches(',');
    if body.is_empty() {
        return Some(None);
    }
    let (a, b) = find_timescale(body)?;
    (a == 0 && body[b..].trim().is_empty()).then(|| Some(lower_first(body)))
}

/// Whether the words after "should" make the sentence passive ("should be updated"), so that the
/// words before it are not who is to act.
fn passive(after_should: &str) -> bool {
    let t = after_should.trim_start_matches(',').trim_start();
    let t = leading_timescale(t).unwrap_or(t);
    let t = t.trim_start_matches(',').trim_start();
    t.starts_with("be ") || t.starts_with("have been ")
}

/// The standard closing sentence about an action plan ("X should also provide an action plan
/// within six weeks of the publication of this report"): narrative, not a recommendation.
pub(super) fn action_plan_request(text: &str) -> bool {
    let lower = text.to_lowercase();
    lower.contains("action plan") && lower.contains("publication of this report")
}

/// A sentence that asks for something without naming who should act: passive ("Guidance ...
/// should be updated"), "There should be ...", "X must ...". Only the paragraph's first sentence
/// counts (a recommendation opens with what it asks), and never a finding ("Supervisors should be
/// reviewing calls, but we found little evidence ..."). Under a recommendations heading such a
/// paragraph may be a recommendation whose addressee the officer must write in; see
/// [`unaddressed_form`] for when it is one.
pub(super) fn unaddressed_request(text: &str) -> bool {
    let t = without_number(text);
    let first = first_sentence(t);
    let lower = first.to_lowercase();
    if first.trim_end().ends_with(':') && !lower.contains(" should") {
        return false;
    }
    const FINDINGS: &[&str] = &[
        "we found",
        "we saw",
        "we were told",
        "told us",
        "we heard",
        "we reviewed",
        "we examined",
        "we looked",
        "evidence",
        "recommended",
        " but ",
        "however",
        "although",
    ];
    (lower.contains(" should ")
        || lower.contains(" must ")
        || lower.starts_with("there should ")
        || lower.starts_with("there must "))
        && !FINDINGS.iter().any(|f| lower.contains(f))
        && !action_plan_request(t)
}

/// Whether an unnumbered request that names no one is in a recommendation's own form: "There
/// should be ..." or passive ("Guidance ... should be updated ..."), in its first sentence. "X
/// should be reviewing ..." is not passive.
pub(super) fn unaddressed_form(text: &str) -> bool {
    let lower = first_sentence(without_number(text)).to_lowercase();
    if lower.starts_with("there should ") || lower.starts_with("there must ") {
        return true;
    }
    [" should be ", " must be "].iter().any(|v| {
        lower.split_once(v).is_some_and(|(_, after)| {
            let word = after
                .split_whitespace()
                .next()
                .unwrap_or("")
                .trim_end_matches(|c: char| !c.is_alphabetic());
            word.ends_with("ed")
                || word.ends_with("en")
                || [
                    "made", "set", "kept", "put", "held", "shown", "done", "built", "brought",
                    "sent", "paid", "run", "read", "led", "met", "sought", "taught", "told",
                ]
                .contains(&word)
        })
    })
}

/// How a paragraph is a recommendation, if it is one. `in_section` is true under a
/// `Recommendation(s)` heading, where "X should ..." is enough.
pub(super) fn recommendation_addressee(text: &str, in_section: bool) -> Option<Option<String>> {
    let t = without_number(text);
    if action_plan_request(t) {
        return None;
    }
    if let Some((i, len)) = we_recommend(t) {
        let after = t[i + len..].trim_start();
        let after = after
            .strip_prefix(',')
            .map(str::trim_start)
            .unwrap_or(after);
        let after = leading_timescale(after).unwrap_or(after);
        if let Some((_, rest)) = after.split_once(" should") {
            if passive(rest) {
                return Some(None);
            }
        }
        // A recommendation always names who should act; "we recommend that readers ..." is not one.
        return addressee_of(after).map(Some);
    }
    if let Some(rest) = leading_timescale(t) {
        let (who, after) = rest.split_once(" should")?;
        if passive(after) {
            return in_section.then_some(None);
        }
        return is_addressee(who).then(|| Some(named(who)));
    }
    let (who, after) = t.split_once(" should")?;
    if !is_addressee(who) || passive(after) {
        return None;
    }
    let after = after.trim_start_matches(',').trim_start();
    let urgent = find_timescale(after).is_some_and(|(a, _)| a == 0);
    (in_section || urgent).then(|| Some(named(who)))
}

/// An addressee as the report names it, without the comma before "should" ("the College of
/// Policing, working with the NPCC, should ...").
fn named(who: &str) -> String {
    who.trim()
        .trim_end_matches([',', ';'])
        .trim_end()
        .to_string()
}

/// Whether a paragraph opens with someone who is asked to act: "The force should ...",
/// "Custody managers should ...", "Eastmoor Police needs to ...". Only its first sentence counts,
/// so an explanation that mentions what officers should do is not taken.
pub(super) fn item_sentence(text: &str) -> bool {
    let t = without_number(text);
    let first = first_sentence(t);
    let lower = first.to_lowercase();
    if lower.contains("recommended") || first.trim_end().ends_with(':') {
        return false;
    }
    [" should ", " needs to ", " need to ", " must "]
        .iter()
        .any(|verb| {
            lower
                .find(verb)
                .is_some_and(|i| is_addressee(&first[..i]) || is_staff(&first[..i]))
        })
}

/// Custody and PEEL items are often addressed to a role: "Custody sergeants", "Health care staff".
fn is_staff(who: &str) -> bool {
    let lower = who.trim().to_lowercase();
    let words = lower.split_whitespace().count();
    let roles = [
        "staff",
        "officers",
        "sergeants",
        "managers",
        "leaders",
        "supervisors",
        "handlers",
        "inspectors",
        "practitioners",
        "partners",
    ];
    (1..=5).contains(&words)
        && !who.contains(['.', ',', ';', ':'])
        && roles.iter().any(|r| lower.ends_with(r))
        && !["they", "that", "who", "we"]
            .iter()
            .any(|n| lower.split_whitespace().any(|w| w == *n))
}

/// The first sentence of a paragraph (up to ". " followed by a capital).
pub(super) fn first_sentence(text: &str) -> &str {
    let bytes = text.as_bytes();
    for (i, _) in text.match_indices(". ") {
        if bytes.get(i + 2).is_some_and(|b| b.is_ascii_uppercase()) {
            return &text[..=i];
        }
    }
    text
}

/// The addressee at the start of the words after "we recommend that": everything before "should"
/// when it names a body, or else the run of names ("the Home Office and Department for Education
/// undertake ..." gives "the Home Office and Department for Education").
pub(super) fn addressee_of(after: &str) -> Option<String> {
    if let Some((who, _)) = after.split_once(" should") {
        if is_addressee(who) {
            return Some(named(who));
        }
    }
    const JOIN: &[&str] = &[
        "of", "and", "the", "for", "&", "all", "other", "those", "each", "every", "with",
    ];
    const BODY: &[&str] = &[
        "chief",
        "constables",
        "constable",
        "officers",
        "officer",
        "forces",
        "force",
        "police",
        "crime",
        "commissioners",
        "commissioner",
        "constabulary",
        "policing",
        "bodies",
        "body",
        "local",
        "authorities",
        "leads",
        "lead",
    ];
    let mut taken: Vec<&str> = Vec::new();
    for w in after.split_whitespace() {
        let bare = w.trim_matches(|c: char| !c.is_alphanumeric() && c != '\'' && c != '’');
        let lower = bare.to_lowercase();
        let fits = bare.starts_with(|c: char| c.is_uppercase())
            || JOIN.contains(&lower.as_str())
            || BODY.contains(&lower.as_str());
        if !fits || bare.is_empty() {
            break;
        }
        taken.push(w);
        if w.ends_with([',', ';', '.']) {
            break;
        }
    }
    while taken
        .last()
        .is_some_and(|w| JOIN.contains(&w.to_lowercase().as_str()))
    {
        taken.pop();
    }
    let who = taken.join(" ");
    let who = who.trim_end_matches([',', ';', '.']).to_string();
    (!who.is_empty() && has_body_word(&who)).then_some(who)
}

/// An inline label at the start of a paragraph ("Cause of concern: ...", "6.1 Recommendation: ...",
/// "Area for improvement 3 – ..."), with the words after it.
pub(super) fn inline_label(text: &str) -> Option<(Heading, &str)> {
    let t = without_number(text);
    let lower = t.to_lowercase();
    for (label, kind) in [
        ("cause of concern", Heading::CauseOfConcern),
        ("recommendation", Heading::Recommendations),
        ("area for improvement", Heading::AreasForImprovement),
    ] {
        if !lower.starts_with(label) {
            continue;
        }
        let mut rest = &t[label.len()..];
        // An optional number: "Recommendation 3: ..."
        let trimmed = rest.trim_start();
        let num_len = trimmed
            .find(|c: char| !c.is_ascii_digit())
            .unwrap_or(trimmed.len());
        if num_len > 0 {
            rest = &trimmed[num_len..];
        }
        let rest = rest.trim_start();
        for sep in [":", "–", "-", "—"] {
            if let Some(words) = rest.strip_prefix(sep) {
                let words = words.trim();
                if !words.is_empty() {
                    return Some((kind, words));
                }
            }
        }
    }
    None
}

/// Whether a paragraph under an `Areas for improvement` heading is one (rather than an
/// introduction such as "We identified the following areas for improvement:").
pub(super) fn is_improvement(text: &str) -> bool {
    item_sentence(text)
}
