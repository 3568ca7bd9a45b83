//! The extractor on HMICFRS reports in each layout: the real Hertfordshire report, and reports
//! written for the tests in the custody, PEEL (as a PDF), thematic and narrative-only layouts.

use s55::extract::{Extracted, extract, read_report};
use s55::model::ReportKind;
use std::path::PathBuf;

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/reports")
        .join(name)
}

fn found(name: &str) -> Extracted {
    extract(&read_report(&fixture(name)).unwrap())
}

fn field<'a>(
    e: &'a Extracted,
    f: impl Fn(&'a s55::extract::FoundRecommendation) -> Option<&'a str>,
) -> Vec<Option<&'a str>> {
    e.recommendations.iter().map(f).collect()
}

#[test]
fn hertfordshire_has_exactly_its_seven_recommendations() {
    let e = found("hertfordshire-ncpi-2019.txt");
    let ids: Vec<&str> = e.recommendations.iter().map(|r| r.id.as_str()).collect();
    assert_eq!(ids, ["R1", "R2", "R3", "R4", "R5", "R6", "R7"]);
    assert_eq!(
        field(&e, |r| r.timescale.as_deref()),
        [
            Some("within three months"),
            Some("within three months"),
            Some("within six months"),
            Some("within six months"),
            Some("within three months"),
            Some("immediately"),
            Some("within three months"),
        ]
    );
    assert!(
        e.recommendations
            .iter()
            .all(|r| r.addressee.as_deref() == Some("Hertfordshire Constabulary"))
    );
    let points: Vec<usize> = e.recommendations.iter().map(|r| r.points.len()).collect();
    assert_eq!(points, [0, 0, 0, 4, 4, 0, 4]);
    assert_eq!(
        e.recommendations[4].points[1], "strategy discussions are held;",
        "sub-points are word for word"
    );
    assert_eq!(
        e.recommendations[5].text,
        "We recommend that Hertfordshire Constabulary should immediately review the arrangements within its public protection unit, including its supervision and management information systems, so that it is satisfied that the unit is fully effective within its terms of reference."
    );
    assert!(e.recommendations[6].text.ends_with("This should include:"));
    assert_eq!(
        field(&e, |r| r.chapter.as_deref()),
        [
            Some("3. Leadership, management and governance"),
            Some("5. Initial contact"),
            Some("6. Assessment and help"),
            Some("7. Investigation"),
            Some("8. Decision making"),
            Some("10. Managing those posing a risk to children"),
            Some("11. Police detention"),
        ]
    );
    assert_eq!(e.recommendations[0].line, Some(240));
    assert!(e.causes_of_concern.is_empty());
    assert!(e.areas_for_improvement.is_empty());
    assert!(
        e.recommendations
            .iter()
            .all(|r| r.cause_of_concern.is_none())
    );
    assert_eq!(
        e.title.as_deref(),
        Some("National Child Protection Inspections – Hertfordshire Constabulary")
    );
    assert_eq!(e.kind, ReportKind::ForceInspection);
    assert_eq!(e.forces, ["Hertfordshire Constabulary"]);
    let period = e.inspected.as_ref().unwrap();
    assert_eq!(
        (period.from.iso(), period.to.iso()),
        ("2019-09-02".into(), "2019-09-13".into())
    );
}

#[test]
fn custody_report_reads_labels_and_the_summary_section_once() {
    let e = found("custody-northshire-2023.txt");
    assert_eq!(e.kind, ReportKind::Custody);
    // The cause of concern and its recommendation appear twice (section 1 and the summary) and
    // the narrative mentions a 2017 recommendation: exactly one of each is found.
    assert_eq!(e.causes_of_concern.len(), 1);
    assert!(
        e.causes_of_concern[0]
            .text
            .starts_with("The force could not show")
    );
    assert_eq!(e.recommendations.len(), 1);
    let r = &e.recommendations[0];
    assert_eq!(r.cause_of_concern.as_deref(), Some("C1"));
    assert_eq!(r.addressee.as_deref(), Some("The force"));
    assert_eq!(r.points.len(), 3);
    assert!(
        r.text
            .starts_with("The force should ensure that the use of force")
    );
    // Eleven areas for improvement: nine in the sections (numbered paragraphs and bullets), two
    // only in the summary. Their repetitions with paragraph references are not counted twice.
    let afis: Vec<&str> = e
        .areas_for_improvement
        .iter()
        .map(|a| a.text.as_str())
        .collect();
    assert_eq!(afis.len(), 11, "{afis:#?}");
    assert_eq!(
        afis[0],
        "The force should make sure that custody staff receive regular refresher training in safety and first aid."
    );
    assert_eq!(
        afis[4],
        "Custody sergeants should make sure that detainees' property is recorded and stored securely."
    );
    assert_eq!(
        e.areas_for_improvement[10].chapter.as_deref(),
        Some("Section 6. Summary of causes of concern, recommendations and areas for improvement")
    );
    assert!(!afis.iter().any(|a| a.contains("We identified")));
}

#[test]
fn peel_pdf_gives_causes_recommendations_and_areas_for_improvement() {
    let e = found("peel-westshire-2024.pdf");
    assert_eq!(e.kind, ReportKind::Peel);
    assert_eq!(e.forces, ["Westshire Police"]);
    assert_eq!(
        field(&e, |r| r.timescale.as_deref()),
        [
            Some("within three months"),
            Some("within six months"),
            Some("immediately")
        ]
    );
    assert_eq!(
        field(&e, |r| r.cause_of_concern.as_deref()),
        [Some("C1"), Some("C2"), Some("C3")]
    );
    let first = &e.recommendations[0];
    assert_eq!(first.text, "Within three months, the force should:");
    assert_eq!(first.points.len(), 3);
    assert_eq!(
        first.points[1],
        "reduce the number of non-emergency calls that are abandoned before they are answered; and"
    );
    assert_eq!(first.page, Some(3));
    assert_eq!(
        e.recommendations[2].text,
        "The force should immediately review its vetting backlog and make sure that everyone in a sensitive post holds the vetting level the post requires."
    );
    assert_eq!(e.causes_of_concern.len(), 3);
    assert!(
        e.causes_of_concern[0]
            .text
            .starts_with("Westshire Police needs to improve how it responds")
    );
    let afis: Vec<&str> = e
        .areas_for_improvement
        .iter()
        .map(|a| a.text.as_str())
        .collect();
    assert_eq!(afis.len(), 3);
    assert_eq!(
        afis[2],
        "The force needs to improve how it understands and manages the wellbeing of its workforce, particularly officers and staff working in public protection roles."
    );
}

#[test]
fn thematic_report_addresses_national_bodies_and_chief_constables() {
    let e = found("thematic-children-2024.txt");
    assert_eq!(e.kind, ReportKind::NationalThematic);
    assert!(e.forces.is_empty());
    assert_eq!(
        field(&e, |r| r.addressee.as_deref()),
        [
            Some("the Home Office"),
            Some("the College of Policing"),
            Some("the National Police Chiefs' Council lead for child protection"),
            Some("all chief constables"),
            Some("the Ministry of Justice and Department for Education"),
        ]
    );
    assert_eq!(
        field(&e, |r| r.timescale.as_deref()),
        [
            Some("by 31 March 2025"),
            Some("by 30 September 2025"),
            Some("not later than 31 December 2025"),
            Some("within six months"),
            None,
        ]
    );
    assert_eq!(e.recommendations[2].points.len(), 3);
    // A recommendation may run to a second paragraph under its heading.
    assert!(e.recommendations[3].text.ends_with(
        "\n\nThe purpose of this review is to make sure that every exploited child is treated as a victim first."
    ));
    assert_eq!(
        e.recommendations[4].chapter.as_deref(),
        Some("3. Recommendations")
    );
}

#[test]
fn narrative_and_contents_are_not_items() {
    let e = found("narrative-only.txt");
    assert!(e.recommendations.is_empty(), "{:#?}", e.recommendations);
    assert!(e.causes_of_concern.is_empty());
    assert!(e.areas_for_improvement.is_empty());
}

#[test]
fn json_has_the_documented_shape() {
    let e = found("hertfordshire-ncpi-2019.txt");
    let json = serde_json::to_value(&e).unwrap();
    let r = &json["recommendations"][0];
    for key in [
        "id",
        "text",
        "timescale",
        "addressee",
        "points",
        "cause_of_concern",
    ] {
        assert!(r.get(key).is_some(), "recommendations have `{key}`");
    }
    assert!(r["cause_of_concern"].is_null());
    assert!(json["causes_of_concern"].is_array());
    assert!(json["areas_for_improvement"].is_array());
}

/// What a fixture's `*.expected.yaml` holds: everything found, without where it was found (the
/// line of a text file, the page of a PDF), so that a report and its PDF share one file.
fn comparable(e: &Extracted) -> String {
    fn strip(v: &mut serde_json::Value) {
        match v {
            serde_json::Value::Object(map) => {
                map.remove("page");
                map.remove("line");
                map.values_mut().for_each(strip);
            }
            serde_json::Value::Array(list) => list.iter_mut().for_each(strip),
            _ => {}
        }
    }
    let mut v = serde_json::to_value(e).unwrap();
    strip(&mut v);
    serde_saphyr::to_string(&v).unwrap()
}

/// Every report in tests/fixtures/reports, as text and as PDF, gives exactly what its
/// `NAME.expected.yaml` says. `S55_UPDATE_EXPECTED=1 cargo test --test extract_reports` rewrites
/// the files from what is found now: read the diff before committing it.
#[test]
fn every_fixture_gives_its_expected_items() {
    let dir = fixture("");
    let update = std::env::var_os("S55_UPDATE_EXPECTED").is_some();
    let mut names: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "txt" || x == "pdf"))
        .collect();
    names.sort();
    assert!(names.len() >= 10, "{names:?}");
    let mut failures = Vec::new();
    for path in names {
        let stem = path.file_stem().unwrap().to_string_lossy().to_string();
        let expected_path = dir.join(format!("{stem}.expected.yaml"));
        let got = comparable(&extract(&read_report(&path).unwrap()));
        let is_pdf = path.extension().is_some_and(|x| x == "pdf");
        let twin = dir.join(format!("{stem}.txt"));
        // A PDF laid out from a text fixture is compared with the text's expectations; only the
        // text writes them.
        if update && !(is_pdf && twin.exists()) {
            std::fs::write(&expected_path, &got).unwrap();
            continue;
        }
        let want = std::fs::read_to_string(&expected_path).unwrap_or_default();
        if got != want {
            failures.push(format!(
                "{} differs from {}:\n{}",
                path.display(),
                expected_path.display(),
                line_diff(&want, &got)
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{}\n(S55_UPDATE_EXPECTED=1 rewrites the expectations of text fixtures)",
        failures.join("\n\n")
    );
}

/// The lines only in `want` (`-`) and only in `got` (`+`), in order.
fn line_diff(want: &str, got: &str) -> String {
    let w: Vec<&str> = want.lines().collect();
    let g: Vec<&str> = got.lines().collect();
    let mut out = String::new();
    let (mut i, mut j) = (0, 0);
    while i < w.len() || j < g.len() {
        if i < w.len() && j < g.len() && w[i] == g[j] {
            i += 1;
            j += 1;
        } else if j < g.len() && !w[i.min(w.len())..].contains(&g[j]) {
            out.push_str(&format!("+ {}\n", g[j]));
            j += 1;
        } else if i < w.len() {
            out.push_str(&format!("- {}\n", w[i]));
            i += 1;
        } else {
            out.push_str(&format!("+ {}\n", g[j]));
            j += 1;
        }
    }
    out
}

#[test]
fn review_lists_should_sentences_outside_the_items_with_their_lines() {
    let path = fixture("national-stalking-2023.txt");
    let text = read_report(&path).unwrap();
    let e = extract(&text);
    let review = s55::extract::review(&text, &e);
    let lines: Vec<usize> = review.iter().map(|r| r.line.unwrap()).collect();
    assert_eq!(lines, [20, 36, 36, 40, 62, 64, 68], "{review:#?}");
    assert!(
        review[0]
            .text
            .starts_with("In our 2017 report we recommended")
    );
    // Nothing inside a recommendation found is listed.
    assert!(!review.iter().any(|r| r.text.contains("There should be")));
}

#[test]
fn stated_counts_that_differ_from_what_was_found_give_a_warning() {
    let text = "Summary\n\nWe make three recommendations. In 2019 we made 12 recommendations.\n\nRecommendations\n\nBy 31 March 2025, the Home Office should publish a strategy.\n\nWithin six months, chief constables should review their training.\n";
    let e = extract(&s55::extract::ReportText::plain(text));
    assert_eq!(e.stated.recommendations, Some(3));
    assert_eq!(e.recommendations.len(), 2);
    assert_eq!(
        e.warnings,
        [
            "the report says it has 3 recommendations but s55 found 2 recommendations: read the report and add any that are missing (or remove any that are not recommendations)"
        ]
    );
}

/// In split-page-break-2024.pdf (laid out with the spacers of its `.layout` file) the first
/// recommendation breaks mid-sentence at the foot of page 1, and the bullets of the second break
/// mid-word ("invest-" / "igators") at the foot of page 2, with the running header and page
/// number between: both come out whole, exactly as from the text.
#[test]
fn a_recommendation_and_its_bullets_split_by_page_breaks_come_out_whole() {
    let pdf_text = read_report(&fixture("split-page-break-2024.pdf")).unwrap();
    // The layout still splits them where this test says.
    let page = |n: usize| pdf_text.pages[n - 1].as_str();
    assert!(page(1).contains("We recommend that, within three months"));
    assert!(!page(1).contains("until it is complete"));
    assert!(page(2).contains("until it is complete"));
    assert!(page(2).contains("clear route for invest"));
    assert!(page(3).contains("igators who wish to specialise"));
    assert!(page(3).contains("time victims are waiting"));
    let pdf = extract(&pdf_text);
    let text = found("split-page-break-2024.txt");
    assert_eq!(pdf.recommendations.len(), 2);
    for (p, t) in pdf.recommendations.iter().zip(&text.recommendations) {
        assert_eq!(p.text, t.text);
        assert_eq!(p.points, t.points);
        assert_eq!(p.timescale, t.timescale);
        assert_eq!(p.addressee, t.addressee);
    }
    assert_eq!(pdf.recommendations[1].points.len(), 4);
    assert_eq!(
        pdf.recommendations[1].points[1],
        "a plan to recruit, train and keep enough digital forensic examiners, with a clear route for investigators who wish to specialise in digital forensics;"
    );
    assert_eq!(
        (pdf.recommendations[0].page, pdf.recommendations[1].page),
        (Some(1), Some(2))
    );
    assert!(pdf.warnings.is_empty(), "{:?}", pdf.warnings);
}

/// An officer's own PEEL report, as text and laid out as PDF: a cause of concern with a numbered
/// recommendation (a stem and bullets) followed by findings that say what supervisors "should be"
/// doing, a `Recommendations` heading inside a graded chapter, and "We have also identified four
/// areas for improvement". Exactly the four recommendations the report states, in their chapters.
#[test]
fn westmarch_peel_has_its_four_recommendations_in_their_chapters() {
    for name in ["westmarch-peel-2025.txt", "westmarch-peel-2025.pdf"] {
        let e = found(name);
        assert_eq!(
            e.recommendations.len(),
            4,
            "{name}: {:#?}",
            e.recommendations
        );
        assert!(
            !e.recommendations
                .iter()
                .any(|r| r.text.contains("Supervisors should be reviewing")),
            "{name}"
        );
        assert_eq!(e.recommendations[0].points.len(), 3, "{name}");
        let responding = Some("Responding to the public");
        let investigating = Some("Investigating crime");
        assert_eq!(
            field(&e, |r| r.chapter.as_deref()),
            [responding, investigating, investigating, investigating],
            "{name}"
        );
        let chapters: Vec<Option<&str>> = e
            .causes_of_concern
            .iter()
            .chain(&e.areas_for_improvement)
            .map(|i| i.chapter.as_deref())
            .collect();
        assert_eq!(
            chapters,
            [
                responding,
                investigating,
                responding,
                responding,
                investigating,
                investigating
            ],
            "{name}"
        );
        assert_eq!(
            (
                e.stated.recommendations,
                e.stated.causes_of_concern,
                e.stated.areas_for_improvement
            ),
            (Some(4), Some(2), Some(4)),
            "{name}"
        );
        assert!(e.warnings.is_empty(), "{name}: {:?}", e.warnings);
    }
}

#[test]
fn an_addressee_followed_by_a_comma_is_named_without_it() {
    let text = "Recommendations\n\nRecommendation 1\nBy 31 October 2024, the College of Policing, working with the National Police Chiefs’ Council, should update its guidance.\n";
    let found = s55::extract::extract(&s55::extract::ReportText::plain(text));
    assert_eq!(
        found.recommendations[0].addressee.as_deref(),
        Some("the College of Policing, working with the National Police Chiefs’ Council")
    );
}
