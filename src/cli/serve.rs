//! `s55 serve`: the office's responses in a web browser, on this computer only.

use super::{TodayArg, fail, out};
use clap::Args;
use s55::serve::{Options, Server};
use std::path::PathBuf;

/// `s55 serve`.
#[derive(Debug, Args)]
pub struct ServeArgs {
    /// The office folder (the one with responses/ in it). Default: this folder.
    pub dir: Option<PathBuf>,
    /// The port to listen on, on 127.0.0.1 (this computer only). Default: 8055; 0 for any free port.
    #[arg(long, default_value_t = 8055)]
    pub port: u16,
    /// Open the dashboard in your web browser.
    #[arg(long)]
    pub open: bool,
    #[command(flatten)]
    pub today: TodayArg,
}

pub fn run(args: ServeArgs) -> u8 {
    let options = Options {
        folder: args.dir.unwrap_or_default(),
        port: args.port,
        today: args.today.today,
    };
    let server = match Server::start(&options) {
        Ok(s) => s,
        Err(d) => return fail(&[d]),
    };
    let address = server.address();
    // The first line is the address, so that a script (or a test) can read it.
    out(&format!("{address}\n"));
    eprintln!(
        "s55 is serving the responses in {} at {address} (this computer only).\nOpen that address in your web browser. Press Ctrl-C to stop.",
        if options.folder.as_os_str().is_empty() {
            "this folder".to_string()
        } else {
            options.folder.display().to_string()
        }
    );
    let stopper = server.stopper();
    if let Err(e) = ctrlc::set_handler(move || stopper.stop()) {
        eprintln!("warning: Ctrl-C may not stop s55 cleanly here: {e}");
    }
    if args.open {
        open_browser(&address);
    }
    server.run();
    eprintln!("Stopped. Every save was finished.");
    0
}

/// Opens the address in the usual browser; if that fails, says so and carries on serving.
fn open_browser(address: &str) {
    let program = if cfg!(target_os = "macos") {
        ("open", vec![address])
    } else if cfg!(windows) {
        ("cmd", vec!["/C", "start", "", address])
    } else {
        ("xdg-open", vec![address])
    };
    let opened = std::process::Command::new(program.0)
        .args(&program.1)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn();
    if let Err(e) = opened {
        eprintln!(
            "The browser could not be opened ({}: {e}): open {address} yourself.",
            program.0
        );
    }
}
