//! `s55 render FILE`: one response's letter, in one format, to the screen or a file.

use super::{FormatArg, TemplatesArg, TodayArg, fail};
use clap::Args;
use s55::checks;
use s55::load;
use s55::render::{Format, Templates, html, markdown};
use s55::site;
use std::path::PathBuf;

/// Write one response's letter.
#[derive(Debug, Args)]
pub struct RenderArgs {
    /// The response file.
    pub file: PathBuf,
    /// The output format.
    #[arg(long, value_enum, default_value_t = FormatArg::Md)]
    pub format: FormatArg,
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
    let format: Format = args.format.into();
    let (file, fragment, layout) = (args.file.as_path(), args.fragment, args.template.as_deref());
    let (templates, output, today) = (
        &args.templates.folders,
        args.output.as_deref(),
        args.today.get(),
    );
    if fragment && format != Format::Html {
        eprintln!("error: --fragment only works with --format html");
        return 2;
    }
    let result = load::response(file).and_then(|response| {
        let tpl = Templates::load(&Templates::folders_for(templates, file, None))?;
        let assessment = checks::assess(&response, today);
        let text = match format {
            Format::Md => markdown::render(&response, &assessment, &tpl, layout)?.into_bytes(),
            Format::Html if fragment => {
                html::fragment(&response, &assessment, &tpl, layout)?.into_bytes()
            }
            Format::Html => {
                html::page(&response, &assessment, &tpl, layout, &Default::default())?.into_bytes()
            }
            Format::Pdf => s55::render::pdf::render(&response, &assessment, &tpl, layout)?,
        };
        Ok(text)
    });
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
