//! How gc sizes the array `append` allocates: the growth rule of `runtime.growslice`, then the
//! rounding of the allocation up to the allocator's size class. The resulting capacity is
//! observable (`cap`, and whether later appends share the array), so it is modeled exactly.

use crate::version::Version;

/// The allocator's size classes up to 32 KiB (the same table in every release modeled).
const SIZE_CLASSES: [u64; 68] = [
    0, 8, 16, 24, 32, 48, 64, 80, 96, 112, 128, 144, 160, 176, 192, 208, 224, 240, 256, 288, 320,
    352, 384, 416, 448, 480, 512, 576, 640, 704, 768, 896, 1024, 1152, 1280, 1408, 1536, 1792,
    2048, 2304, 2688, 3072, 3200, 3456, 4096, 4864, 5376, 6144, 6528, 6784, 6912, 8192, 9472, 9728,
    10240, 10880, 12288, 13568, 14336, 16384, 18432, 19072, 20480, 21760, 24576, 27264, 28672,
    32768,
];

const MAX_SMALL: u64 = 32768;
const PAGE: u64 = 8192;
/// From Go 1.22, objects with pointers larger than this carry an 8-byte header.
const MIN_SIZE_FOR_HEADER: u64 = 512;
const HEADER: u64 = 8;

/// The size the allocator really allocates for a request of `size` bytes.
fn round_up_size(size: u64, pointers: bool, toolchain: Version) -> u64 {
    let headers = toolchain.at_least(1, 22);
    let small_limit = if headers {
        MAX_SMALL - HEADER
    } else {
        MAX_SMALL - 1
    };
    if size <= small_limit {
        let req = if headers && pointers && size > MIN_SIZE_FOR_HEADER {
            size + HEADER
        } else {
            size
        };
        let class = SIZE_CLASSES
            .iter()
            .copied()
            .find(|c| *c >= req)
            .unwrap_or(MAX_SMALL);
        return class - (req - size);
    }
    size.div_ceil(PAGE) * PAGE
}

/// The capacity of the array `append` allocates when `need` elements of `elem_size` bytes no
/// longer fit in `old_cap`.
pub fn grown_cap(
    old_cap: usize,
    need: usize,
    elem_size: u64,
    pointers: bool,
    toolchain: Version,
) -> usize {
    const THRESHOLD: usize = 256;
    let double = old_cap * 2;
    let mut cap = old_cap;
    if need > double {
        cap = need;
    } else if old_cap < THRESHOLD {
        cap = double;
    } else {
        while cap < need {
            cap += (cap + 3 * THRESHOLD) / 4;
        }
    }
    if elem_size == 0 {
        return cap;
    }
    let mem = round_up_size(cap as u64 * elem_size, pointers, toolchain);
    (mem / elem_size) as usize
}

#[cfg(test)]
mod tests {
    use super::*;

    const GO127: Version = Version::new(1, 27, Some(3));

    #[test]
    fn small_int_slices_round_to_size_classes() {
        // []int: 8-byte elements.
        assert_eq!(grown_cap(0, 1, 8, false, GO127), 1);
        assert_eq!(grown_cap(3, 4, 8, false, GO127), 6);
        assert_eq!(grown_cap(5, 6, 8, false, GO127), 10);
        assert_eq!(grown_cap(0, 3, 8, false, GO127), 3);
        assert_eq!(grown_cap(0, 5, 8, false, GO127), 6);
    }

    #[test]
    fn strings_and_bytes() {
        // []string: 16-byte elements with pointers; []byte: 1-byte elements.
        assert_eq!(grown_cap(1, 2, 16, true, GO127), 2);
        assert_eq!(grown_cap(2, 3, 16, true, GO127), 4);
        assert_eq!(grown_cap(0, 5, 1, false, GO127), 8);
    }

    #[test]
    fn large_growth_uses_the_smoother_rule() {
        // 512 ints, then one more: 512 + (512 + 768)/4 = 832 elements, 6656 bytes -> class 6784.
        assert_eq!(grown_cap(512, 513, 8, false, GO127), 848);
    }
}
