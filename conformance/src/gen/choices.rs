//! The choice sequence a program is decoded from.
//!
//! Validity depends on context (which variables are in scope, which functions may be called,
//! how much work is left), which proptest's independent combinators cannot see. So the
//! strategy draws a plain sequence of numbers and the generator decodes it, making every
//! decision with the context at hand. Any sequence decodes to a valid program, so proptest's
//! shrinking (numbers towards 0) keeps programs valid; and 0 always means the simplest option
//! (the first row of a table, no else branch, the fewest statements), so shrinking also
//! simplifies. Past its end the sequence reads as zeros.

pub struct Choices<'a> {
    data: &'a [u32],
    pos: usize,
}

impl<'a> Choices<'a> {
    pub fn new(data: &'a [u32]) -> Self {
        Choices { data, pos: 0 }
    }

    /// True once every choice has been read: the generator then stops growing the program.
    pub fn exhausted(&self) -> bool {
        self.pos >= self.data.len()
    }

    fn next(&mut self) -> u32 {
        let c = self.data.get(self.pos).copied().unwrap_or(0);
        self.pos += 1;
        c
    }

    /// A number in `0..n`; `n` must not be 0.
    pub fn below(&mut self, n: u32) -> u32 {
        debug_assert!(n > 0);
        self.next() % n
    }

    /// A number in `0..=max`.
    pub fn upto(&mut self, max: usize) -> usize {
        let n = u32::try_from(max).unwrap_or(u32::MAX - 1) + 1;
        self.below(n) as usize
    }

    /// A number in `lo..=hi`.
    pub fn range(&mut self, lo: i64, hi: i64) -> i64 {
        debug_assert!(lo <= hi);
        let span = u32::try_from(hi - lo).unwrap_or(u32::MAX - 1) + 1;
        lo + i64::from(self.below(span))
    }

    /// True with probability `percent`/100; choice 0 says no.
    pub fn chance(&mut self, percent: u32) -> bool {
        self.below(100) >= 100 - percent.min(100)
    }

    /// One of `items`, which must not be empty.
    pub fn pick<'b, T>(&mut self, items: &'b [T]) -> &'b T {
        let n = u32::try_from(items.len()).unwrap_or(u32::MAX);
        &items[self.below(n) as usize]
    }

    /// An index into `weights` with probability proportional to its weight, or `None` when
    /// every weight is 0. Choice 0 picks the first index with a weight.
    pub fn weighted(&mut self, weights: &[u32]) -> Option<usize> {
        let total: u64 = weights.iter().map(|&w| u64::from(w)).sum();
        if total == 0 {
            return None;
        }
        let mut x = u64::from(self.next()) % total;
        for (i, &w) in weights.iter().enumerate() {
            if x < u64::from(w) {
                return Some(i);
            }
            x -= u64::from(w);
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zero_is_the_simplest_choice() {
        let mut c = Choices::new(&[]);
        assert!(c.exhausted());
        assert_eq!(c.below(7), 0);
        assert!(!c.chance(99));
        assert_eq!(c.weighted(&[0, 3, 1]), Some(1));
        assert_eq!(c.range(-2, 5), -2);
    }

    #[test]
    fn weights_are_proportional() {
        let data: Vec<u32> = (0..4000).collect();
        let mut c = Choices::new(&data);
        let mut hits = [0; 3];
        for _ in 0..4000 {
            hits[c.weighted(&[1, 0, 3]).expect("a weight")] += 1;
        }
        assert_eq!(hits, [1000, 0, 3000]);
        assert_eq!(c.weighted(&[0, 0]), None);
    }
}
