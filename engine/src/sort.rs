//! The reader's one sort: a stable merge sort, small in code.
//!
//! The standard library's sorts are fast but each instantiation (each element type and
//! comparison) compiles to 2-3.5 KB of wasm, and the reader sorts in a dozen places, so they
//! made a tenth of the module every visitor downloads. This one is a few hundred bytes per use
//! and O(n log n): insertion sort over runs of 16, then merges through one buffer. Stable, so
//! equal items keep their order wherever it matters (dates, display edits). The index builders
//! (native only) keep the standard sorts.

/// Items of a run sorted by insertion before merging.
const RUN: usize = 16;

/// Sorts `v` stably by `less` (a strict "comes before").
pub(crate) fn by<T: Clone>(v: &mut [T], mut less: impl FnMut(&T, &T) -> bool) {
    for run in v.chunks_mut(RUN) {
        few(run, &mut less);
    }
    let n = v.len();
    if n <= RUN {
        return;
    }
    let mut buf = v.to_vec();
    let mut in_v = true; // where the sorted runs are now
    let mut width = RUN;
    while width < n {
        let (src, dst): (&[T], &mut [T]) = if in_v { (v, &mut buf) } else { (&buf, v) };
        for lo in (0..n).step_by(2 * width) {
            let mid = (lo + width).min(n);
            let hi = (lo + 2 * width).min(n);
            let (mut i, mut j) = (lo, mid);
            for out in &mut dst[lo..hi] {
                // Take from the right run only when strictly before: stable.
                let right = j < hi && (i >= mid || less(&src[j], &src[i]));
                let from = if right { &mut j } else { &mut i };
                out.clone_from(&src[*from]);
                *from += 1;
            }
        }
        in_v = !in_v;
        width *= 2;
    }
    if !in_v {
        v.clone_from_slice(&buf);
    }
}

/// Insertion sort (stable) for the few items of one query: the smallest code of all, for lists
/// of a handful.
pub(crate) fn few<T>(v: &mut [T], mut less: impl FnMut(&T, &T) -> bool) {
    for i in 1..v.len() {
        let mut j = i;
        while j > 0 && less(&v[j], &v[j - 1]) {
            v.swap(j, j - 1);
            j -= 1;
        }
    }
}

/// Sorts `v` stably by the key `key` gives each item.
pub(crate) fn by_key<T: Clone, K: Ord>(v: &mut [T], mut key: impl FnMut(&T) -> K) {
    by(v, |a, b| key(a) < key(b));
}

/// Sorts `v` in its natural order.
pub(crate) fn natural<T: Clone + Ord>(v: &mut [T]) {
    by(v, |a, b| a < b);
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    proptest! {
        /// Same order as the standard library's stable sort, ties included.
        #[test]
        fn equals_std_stable_sort(mut v in proptest::collection::vec((0u8..8, any::<u16>()), 0..300)) {
            let mut want = v.clone();
            want.sort_by_key(|x| x.0);
            super::by_key(&mut v, |x| x.0);
            prop_assert_eq!(v, want);
        }
    }

    #[test]
    fn sorts_strings_and_example() {
        let mut v: Vec<String> = (0..100).map(|i| format!("{}", (i * 37) % 101)).collect();
        let mut want = v.clone();
        want.sort();
        super::natural(&mut v);
        assert_eq!(v, want);
        let mut v = [(2, 'b'), (1, 'z'), (2, 'a')];
        super::by(&mut v, |a, b| a.0 < b.0);
        assert_eq!(v, [(1, 'z'), (2, 'b'), (2, 'a')]);
    }
}
