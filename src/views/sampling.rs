//! Audit sampling: how many records to look at, and which, drawn so anyone can draw the same sample again.
//!
//! The sample size comes from [`SAMPLING_TABLE`], the toolkit's own table for judgement-based sampling in
//! the sense of ISO 19011 (Annex A.6): it is not taken from any standard. The items are drawn with
//! [`draw`]: SplitMix64 seeded with the checklist's seed mixed with the population's name (FNV-1a), then
//! Floyd's algorithm, so every population gets its own draw, the same population always gets the same
//! draw for the same seed, and a log shared by several requirements is sampled once.

use serde::Serialize;

/// One row of the sampling table: populations from `from` to `to` items (inclusive; `to` `None` for no
/// upper bound) get `size` items, or all of them when `size` is `None`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct SampleBand {
    pub from: usize,
    pub to: Option<usize>,
    /// `None`: every item.
    pub size: Option<usize>,
}

/// The documented sampling table, printed in every Stage 2 checklist.
pub const SAMPLING_TABLE: [SampleBand; 7] = [
    SampleBand {
        from: 0,
        to: Some(0),
        size: Some(0),
    },
    SampleBand {
        from: 1,
        to: Some(5),
        size: None,
    },
    SampleBand {
        from: 6,
        to: Some(25),
        size: Some(5),
    },
    SampleBand {
        from: 26,
        to: Some(100),
        size: Some(10),
    },
    SampleBand {
        from: 101,
        to: Some(250),
        size: Some(15),
    },
    SampleBand {
        from: 251,
        to: Some(1000),
        size: Some(20),
    },
    SampleBand {
        from: 1001,
        to: None,
        size: Some(25),
    },
];

/// How many items of a population of `population` to examine.
pub fn sample_size(population: usize) -> usize {
    let band = SAMPLING_TABLE
        .iter()
        .find(|b| population >= b.from && b.to.is_none_or(|to| population <= to))
        .expect("the sampling table covers every population size");
    band.size.map_or(population, |size| size.min(population))
}

/// The zero-based indices of a sample of `size` items out of `population`, sorted, drawn from `seed`
/// and the population's `name`.
pub fn draw(seed: u64, name: &str, population: usize, size: usize) -> Vec<usize> {
    let size = size.min(population);
    let mut rng = SplitMix64(seed ^ fnv1a(name));
    // Floyd's algorithm: `size` draws, memory proportional to the sample, not the population.
    let mut chosen = std::collections::BTreeSet::new();
    for j in population - size..population {
        let t = rng.below(j as u64 + 1) as usize;
        if !chosen.insert(t) {
            chosen.insert(j);
        }
    }
    chosen.into_iter().collect()
}

/// The FNV-1a hash of `text`: fixed and documented, unlike the standard library's hasher.
fn fnv1a(text: &str) -> u64 {
    text.bytes().fold(0xcbf2_9ce4_8422_2325, |hash, byte| {
        (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// SplitMix64 (Steele, Lea and Flood, 2014): small, fast and fully specified.
struct SplitMix64(u64);

impl SplitMix64 {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// A number from 0 to `bound - 1` (Lemire's multiply-shift; its bias is far below audit relevance).
    fn below(&mut self, bound: u64) -> u64 {
        ((u128::from(self.next()) * u128::from(bound)) >> 64) as u64
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn sizes_follow_the_table() {
        let cases = [
            (0, 0),
            (1, 1),
            (5, 5),
            (6, 5),
            (25, 5),
            (26, 10),
            (100, 10),
            (101, 15),
            (250, 15),
            (251, 20),
            (1000, 20),
            (1001, 25),
            (2_000_000, 25),
        ];
        for (population, size) in cases {
            assert_eq!(sample_size(population), size, "population {population}");
        }
    }

    #[test]
    fn bands_are_contiguous_and_sizes_grow() {
        for pair in SAMPLING_TABLE.windows(2) {
            assert_eq!(pair[0].to.map(|t| t + 1), Some(pair[1].from));
        }
        assert!(SAMPLING_TABLE.last().unwrap().to.is_none());
        let sizes: Vec<usize> = (0..3000).map(sample_size).collect();
        assert!(sizes.windows(2).all(|w| w[0] <= w[1]));
    }

    #[test]
    fn the_same_seed_draws_the_same_sample_and_another_seed_another() {
        let a = draw(20261101, "incidents.csv", 500, 20);
        assert_eq!(a, draw(20261101, "incidents.csv", 500, 20));
        assert_ne!(a, draw(7, "incidents.csv", 500, 20));
        assert_ne!(a, draw(20261101, "changes.csv", 500, 20));
    }

    #[test]
    fn empty_and_single_populations() {
        assert!(draw(1, "x", 0, sample_size(0)).is_empty());
        assert_eq!(draw(1, "x", 1, sample_size(1)), vec![0]);
    }

    proptest! {
        #[test]
        fn a_draw_is_sorted_distinct_in_range_and_of_the_asked_size(
            seed in any::<u64>(), population in 0usize..5000, size in 0usize..60,
        ) {
            let sample = draw(seed, "p", population, size);
            prop_assert_eq!(sample.len(), size.min(population));
            prop_assert!(sample.windows(2).all(|w| w[0] < w[1]));
            prop_assert!(sample.iter().all(|&i| i < population));
        }
    }
}
