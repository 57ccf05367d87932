//! Shared by the benchmarks: the allocator the `mcprisk` binary uses (so in-process figures
//! are the binary's), and a per-thread CPU clock.

#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// CPU time of the calling thread. On a machine shared with other work the wall-clock figure
/// counts time the thread waited for a core; this one does not, so runs stay comparable.
#[allow(dead_code)] // not every benchmark measures CPU time
pub fn thread_cpu_seconds() -> f64 {
    let mut ts = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: `ts` is a valid, writable timespec; CLOCK_THREAD_CPUTIME_ID is always supported
    // on Linux and macOS.
    unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut ts) };
    ts.tv_sec as f64 + ts.tv_nsec as f64 / 1e9
}
