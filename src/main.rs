//! The `mcprisk` binary: everything lives in the library; this maps errors to an exit code.

/// mimalloc instead of the system allocator: an ingest hands every parsed definition from the
/// thread that parses it to the thread that stores it, and glibc's malloc, freeing across
/// threads and arenas, took about a quarter of an ingest's CPU time (by `perf`); the JSON
/// values, tantivy documents and SQLite rows are all many small allocations.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    // mimalloc asks for transparent huge pages on its arenas, so the first touch of fresh memory
    // zeroes 2 MiB at a time. A short command pays that for every large short-lived allocation:
    // a search builds an empty term dictionary (a ~1 MiB allocation, not cached by tantivy) for
    // every field a segment has no terms in, which made `mcprisk search` take twice as long.
    #[cfg(target_os = "linux")]
    // SAFETY: PR_SET_THP_DISABLE only sets a flag of this process; no memory is passed.
    unsafe {
        libc::prctl(libc::PR_SET_THP_DISABLE, 1, 0, 0, 0);
    }
    mcprisk::cli::main()
}
