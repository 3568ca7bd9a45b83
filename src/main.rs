fn main() -> std::process::ExitCode {
    s55::cli::main()
}
