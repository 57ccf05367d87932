//! The `mcprisk` binary: everything lives in the library; this maps errors to an exit code.

fn main() -> std::process::ExitCode {
    mcprisk::cli::main()
}
