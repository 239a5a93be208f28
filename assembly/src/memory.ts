// Bump allocator over linear memory. The TypeScript side calls `reset()` at the start of every
// kernel call and then `alloc()`s each buffer it needs, so memory is reused, never leaked, and the
// high-water mark is that of the largest call. Memory grows in 64 KiB pages and never shrinks
// (wasm32 limit 4 GiB); the host re-creates its typed-array views after any call that may grow it.

let heapTop: usize = 0;

/** Start of the scratch heap: the first 16-byte aligned address after static data. */
@inline function heapStart(): usize {
  return (__heap_base + 15) & ~(15 as usize);
}

/** Forgets every earlier allocation. O(1). */
export function reset(): void {
  heapTop = heapStart();
}

/**
 * Reserves `bytes` bytes, 16-byte aligned, growing memory if needed.
 * Returns the byte offset, or 0 when memory cannot grow that far (the host turns that into an error).
 */
export function alloc(bytes: i32): usize {
  if (heapTop == 0) heapTop = heapStart();
  if (bytes < 0) return 0;
  const start = heapTop;
  const end = (start + (bytes as usize) + 15) & ~(15 as usize);
  const have = (memory.size() as usize) << 16;
  if (end > have) {
    const pages = ((end - have + 0xffff) >> 16) as i32;
    if (memory.grow(pages) < 0) return 0;
  }
  heapTop = end;
  return start;
}

/** Bytes currently reserved by `alloc` since the last `reset`. */
export function allocated(): i32 {
  return heapTop == 0 ? 0 : <i32>(heapTop - heapStart());
}

/** 1 in the relaxed-SIMD build (fused multiply-add available), 0 in the SIMD128 build. */
export function relaxedSimd(): i32 {
  return ASC_FEATURE_RELAXED_SIMD ? 1 : 0;
}
