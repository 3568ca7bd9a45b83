//! `s55 init`: a new office's folder.

use super::fail;
use super::out;
use clap::Args;
use s55::init as setup;
use std::path::PathBuf;

/// `s55 init`.
#[derive(Debug, Args)]
pub struct InitArgs {
    /// The office's folder. Default: the current folder.
    pub dir: Option<PathBuf>,
}

pub fn run(args: InitArgs) -> u8 {
    let dir = args.dir.unwrap_or_else(|| PathBuf::from("."));
    match setup::init(&dir) {
        Ok(report) => {
            out(&setup::summary(&dir, &report));
            0
        }
        Err(d) => fail(&[d]),
    }
}
