//! `s55 render FILE`: one response's letter, in one format, to the screen or a file.

use super::{TemplatesArg, TodayArg, fail, format_named, format_names};
use clap::Args;
use s55::render::{Letter, renderer};
use s55::site;
use std::path::PathBuf;

/// Write one response's letter.
#[derive(Debug, Args)]
pub struct RenderArgs {
    /// The response file.
    pub file: PathBuf,
    /// The output format.
    #[arg(long, default_value = "md", value_parser = format_names())]
    pub format: String,
    /// With `--format html`: only the letter's HTML, without the page around it, to paste into
    /// a content management system.
    #[arg(long)]
    pub fragment: bool,
    /// Use this layout instead of the one the file names (letter, home-secretary, board-paper, ...).
    #[arg(long)]
    pub template: Option<String>,
    #[command(flatten)]
    pub templates: TemplatesArg,
    /// Write to this file instead of the screen.
    #[arg(short, long)]
    pub output: Option<PathBuf>,
    #[command(flatten)]
    pub today: TodayArg,
}

pub fn run(args: RenderArgs) -> u8 {
    let Some(renderer) = renderer::find(format_named(&args.format), args.fragment) else {
        eprintln!("error: --fragment only works with --format html");
        return 2;
    };
    let (file, output) = (args.file.as_path(), args.output.as_deref());
    let result = Letter::load(file, &args.templates.folders, None, args.today.get()).and_then(
        |mut letter| {
            letter.layout = args.template;
            renderer.render(&letter)
        },
    );
    match result {
        Ok(bytes) => match output {
            Some(path) => match site::check_render_output(file, path)
                .and_then(|()| site::write_atomic(path, &bytes))
            {
                Ok(()) => 0,
                Err(d) => fail(&[d]),
            },
            None => {
                use std::io::Write;
                let _ = std::io::stdout().write_all(&bytes);
                0
            }
        },
        Err(d) => fail(&[d]),
    }
}
