//! The `mcprisk` binary: everything lives in the library; this maps errors to an exit code.

/// mimalloc instead of the system allocator: an ingest hands every parsed definition from the
/// thread that parses it to the thread that stores it, and glibc's malloc, freeing across
/// threads and arenas, took about a quarter of an ingest's CPU time (by `perf`); the JSON
/// values, tantivy documents and SQLite rows are all many small allocations.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    mcprisk::cli::main()
}
