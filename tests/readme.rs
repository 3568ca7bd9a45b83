//! The README stays true: every check rule and every subcommand is documented.

mod common;
use common::*;

#[test]
fn readme_lists_every_check_rule() {
    let readme = std::fs::read_to_string(repo().join("README.md")).unwrap();
    for rule in s55::checks::RULES {
        let row = format!(
            "| `{}` | {} |",
            rule.id,
            if rule.severity == s55::checks::Severity::Error {
                "error"
            } else {
                "warning"
            }
        );
        assert!(readme.contains(&row), "README's rule table lacks {row}");
    }
}

#[test]
fn readme_documents_every_subcommand() {
    let readme = std::fs::read_to_string(repo().join("README.md")).unwrap();
    let help = s55(&repo(), &["--help"]).stdout;
    let commands: Vec<&str> = help
        .lines()
        .skip_while(|l| !l.starts_with("Commands:"))
        .skip(1)
        .take_while(|l| !l.is_empty())
        // Commands are indented by two spaces; wrapped descriptions by more.
        .filter(|l| l.starts_with("  ") && !l.starts_with("   "))
        .filter_map(|l| l.split_whitespace().next())
        .filter(|c| l_is_command(c))
        .collect();
    assert!(commands.contains(&"check"));
    for c in commands {
        assert!(
            readme.contains(&format!("### `s55 {c}")),
            "README has no section for `s55 {c}`"
        );
    }
}

fn l_is_command(word: &str) -> bool {
    word != "help" && word.chars().all(|c| c.is_ascii_lowercase() || c == '-')
}
