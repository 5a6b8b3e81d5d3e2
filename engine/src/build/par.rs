//! Work over a slice on the build's threads, in order.

use super::prepare::thread_count;

/// `f` over `items` cut into one contiguous chunk per worker (`threads` as for
/// [`thread_count`]; the index of its first item is passed along), the results in the order
/// of the chunks. On one thread, or for fewer than `min` items, `f` runs once here over all.
/// A worker that panics is a bug: the panic goes on in the caller.
pub(crate) fn in_chunks<T, R, F>(items: &[T], threads: usize, min: usize, f: F) -> Vec<R>
where
    T: Sync,
    R: Send,
    F: Fn(usize, &[T]) -> R + Sync,
{
    let threads = thread_count(threads);
    if threads <= 1 || items.len() < min.max(2) {
        return vec![f(0, items)];
    }
    let chunk = items.len().div_ceil(threads);
    let parts = items
        .chunks(chunk)
        .enumerate()
        .map(|(i, part)| (i * chunk, part));
    on_threads(parts.collect(), |(first, part)| f(first, part))
}

/// [`in_chunks`] of owned `items`, each chunk handed to `f` to consume (what it is done with
/// is freed as it goes).
pub(crate) fn in_owned_chunks<T, R, F>(
    mut items: Vec<T>,
    threads: usize,
    min: usize,
    f: F,
) -> Vec<R>
where
    T: Send,
    R: Send,
    F: Fn(Vec<T>) -> R + Sync,
{
    let threads = thread_count(threads);
    if threads <= 1 || items.len() < min.max(2) {
        return vec![f(items)];
    }
    let chunk = items.len().div_ceil(threads);
    let mut parts = Vec::with_capacity(threads);
    while items.len() > chunk {
        let tail = items.split_off(chunk);
        parts.push(items);
        items = tail;
    }
    parts.push(items);
    on_threads(parts, f)
}

/// `f` over each of `parts` on a thread of its own, the results in order; a worker's panic
/// goes on in the caller.
fn on_threads<P, R, F>(parts: Vec<P>, f: F) -> Vec<R>
where
    P: Send,
    R: Send,
    F: Fn(P) -> R + Sync,
{
    std::thread::scope(|s| {
        let f = &f;
        let handles: Vec<_> = parts
            .into_iter()
            .map(|part| s.spawn(move || f(part)))
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
            .collect()
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn chunks_come_back_in_order() {
        let items: Vec<u32> = (0..1000).collect();
        for threads in [1, 2, 3, 8] {
            let parts = super::in_chunks(&items, threads, 10, |first, part| {
                assert_eq!(part[0] as usize, first);
                part.to_vec()
            });
            assert_eq!(parts.concat(), items);
            let owned = super::in_owned_chunks(items.clone(), threads, 10, |part| part);
            assert_eq!(owned.concat(), items);
        }
    }
}
