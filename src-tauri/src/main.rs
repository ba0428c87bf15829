// Prevents an extra console window on Windows in release builds.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

/// mimalloc rather than glibc's malloc: with glibc, a list page's cost grew with how much the process
/// had allocated and freed before (its free lists), and serde_json allocates for every record.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// mimalloc commits its arenas eagerly on Linux, which made every thread that allocates (sled's
/// I/O pool, the runtimes) keep tens of MiB resident: about 32 MiB per sled store opened. Lazy
/// commit keeps the process at what it uses. The option is read from the environment when
/// mimalloc starts, so it is set from an initialiser that runs before `main` and before the
/// first allocation; a value the user set wins.
#[cfg(target_os = "linux")]
mod lazy_commit {
    use std::os::raw::{c_char, c_int};

    extern "C" {
        fn setenv(name: *const c_char, value: *const c_char, overwrite: c_int) -> c_int;
    }

    extern "C" fn before_main() {
        // SAFETY: runs while the process is single-threaded, with NUL-terminated literals.
        unsafe {
            setenv(c"MIMALLOC_ARENA_EAGER_COMMIT".as_ptr(), c"0".as_ptr(), 0);
        }
    }

    #[used]
    #[link_section = ".init_array.00099"]
    static BEFORE_MAIN: extern "C" fn() = before_main;
}

fn main() {
    connectdesk_lib::run();
}
