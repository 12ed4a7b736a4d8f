//! Matching the items of two lists by key.

/// An item of the old list, the new list, or both.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Pair<'a, T> {
    /// Only in the old list.
    Removed(&'a T),
    /// In both.
    Kept(&'a T, &'a T),
    /// Only in the new list.
    Added(&'a T),
}

/// The items of both lists matched by `key`: old items in old order (removed or kept), then the
/// added ones in new order.
pub(crate) fn pairs<'a, T, K: PartialEq>(old: &'a [T], new: &'a [T], key: impl Fn(&T) -> K) -> Vec<Pair<'a, T>> {
    let mut out: Vec<Pair<'a, T>> = old
        .iter()
        .map(|o| match new.iter().find(|n| key(n) == key(o)) {
            Some(n) => Pair::Kept(o, n),
            None => Pair::Removed(o),
        })
        .collect();
    out.extend(new.iter().filter(|n| !old.iter().any(|o| key(o) == key(n))).map(Pair::Added));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn removed_and_kept_in_old_order_then_added() {
        let old = [1, 2, 3];
        let new = [3, 4, 1];
        let got = pairs(&old, &new, |x| *x);
        assert_eq!(got, [Pair::Kept(&1, &1), Pair::Removed(&2), Pair::Kept(&3, &3), Pair::Added(&4)]);
    }
}
