//! The `s55` command. Everything it does is in the library (`s55`); this binary holds the command
//! line: arguments, what is printed, and exit codes.

mod cli;

fn main() -> std::process::ExitCode {
    cli::main()
}
