fn main() -> std::process::ExitCode {
    restore_default_sigpipe();
    s55::cli::main()
}

/// Rust ignores SIGPIPE, so that writing to a closed pipe (`s55 check | head -1`) returns an error,
/// which `print!` turns into a "failed printing to stdout: Broken pipe" panic. Command-line tools
/// are expected to end quietly instead, as `cat` and `grep` do: restoring the default action makes
/// the system end s55 at once when whatever reads its output has gone. s55 writes to no other pipe
/// or socket, so nothing else is affected.
#[cfg(unix)]
fn restore_default_sigpipe() {
    // SAFETY: called first thing in `main`, before any other thread exists; `signal` with
    // `SIG_DFL` only sets the action for SIGPIPE and touches no memory of ours.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
}

#[cfg(not(unix))]
fn restore_default_sigpipe() {}
