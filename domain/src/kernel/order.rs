//! Ordering large rows cheaply.

/// Puts `v` in the order `keys` sorts to: `keys[k].1` is the place in `v`
/// of the element that goes to place k (`keys` sorted by its first part).
/// Each element moves at most once, in place, by following the
/// permutation's cycles (as `slice::sort_by_cached_key` does): for rows of
/// some hundred bytes, sorting small keys and moving each row once is
/// several times faster than sorting the rows.
pub fn reorder<T, K>(v: &mut [T], keys: &mut [(K, u32)]) {
    debug_assert_eq!(v.len(), keys.len());
    for i in 0..keys.len() {
        let mut index = keys[i].1;
        while (index as usize) < i {
            index = keys[index as usize].1;
        }
        keys[i].1 = index;
        v.swap(i, index as usize);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_end_in_the_order_of_their_sorted_keys() {
        let mut rows: Vec<String> = ["d", "b", "e", "a", "c", "b"].iter().map(|s| s.to_string()).collect();
        let mut keys: Vec<(String, u32)> = rows.iter().enumerate().map(|(k, r)| (r.clone(), k as u32)).collect();
        keys.sort();
        reorder(&mut rows, &mut keys);
        assert_eq!(rows, ["a", "b", "b", "c", "d", "e"]);
        // Against a plain sort, for many orders.
        for n in 0..40u32 {
            let mut v: Vec<u32> = (0..n).map(|k| (k * 7919 + 13) % (n + 3)).collect();
            let mut keys: Vec<(u32, u32)> = v.iter().enumerate().map(|(k, x)| (*x, k as u32)).collect();
            keys.sort();
            reorder(&mut v, &mut keys);
            let mut sorted = v.clone();
            sorted.sort();
            assert_eq!(v, sorted);
        }
    }
}
