//! The global allocator of the `detente` binary and the benches: mimalloc, entered
//! through its plain functions whenever they give the alignment asked for.
//!
//! `mimalloc::MiMalloc` sends every allocation through `mi_malloc_aligned`. In
//! mimalloc 3 that call takes its fast path only while the size class's free list
//! has a block; otherwise it falls to a generic aligned path that over-allocates
//! (in the coder bench, 630,000 of 1.46 M allocations, ~15 M instructions) where
//! `mi_malloc` would just refill the list. `mi_malloc` aligns every block to its
//! size class, which for Rust's layouts (alignment at most the size, and a power of
//! two) is at least the alignment up to 16 bytes (`MI_MAX_ALIGN_SIZE`): std's own
//! `System` allocator calls `malloc` on the same condition.

use std::alloc::{GlobalAlloc, Layout};
use std::ffi::c_void;

use libmimalloc_sys as ffi;

/// The largest alignment `mi_malloc` guarantees (mimalloc's `MI_MAX_ALIGN_SIZE`).
const PLAIN_ALIGN: usize = 16;

/// mimalloc as the global allocator (`#[global_allocator] static GLOBAL: Mimalloc = Mimalloc;`).
pub struct Mimalloc;

/// Whether the plain (unaligned) entry points serve `align` for a block of `size` bytes.
#[inline(always)]
fn plain(align: usize, size: usize) -> bool {
    align <= PLAIN_ALIGN && align <= size
}

// SAFETY: every pointer comes from mimalloc and goes back to it (`mi_free` and
// `mi_realloc*` take blocks from either entry point); the plain entry points are
// used only where they align as `layout` asks (module docs), which the debug
// assertions check.
unsafe impl GlobalAlloc for Mimalloc {
    #[inline]
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let p = if plain(layout.align(), layout.size()) {
            ffi::mi_malloc(layout.size())
        } else {
            ffi::mi_malloc_aligned(layout.size(), layout.align())
        };
        debug_assert!((p as usize) % layout.align() == 0);
        p.cast()
    }

    #[inline]
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        let p = if plain(layout.align(), layout.size()) {
            ffi::mi_zalloc(layout.size())
        } else {
            ffi::mi_zalloc_aligned(layout.size(), layout.align())
        };
        debug_assert!((p as usize) % layout.align() == 0);
        p.cast()
    }

    #[inline]
    unsafe fn dealloc(&self, ptr: *mut u8, _layout: Layout) {
        ffi::mi_free(ptr.cast::<c_void>());
    }

    #[inline]
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let p = if plain(layout.align(), new_size) {
            ffi::mi_realloc(ptr.cast::<c_void>(), new_size)
        } else {
            ffi::mi_realloc_aligned(ptr.cast::<c_void>(), new_size, layout.align())
        };
        debug_assert!((p as usize) % layout.align() == 0);
        p.cast()
    }
}
