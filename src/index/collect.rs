//! The collector of text searches: the best matches by score and the counts per category and
//! risk over every match, in one pass over the matches (one column read per match).

use super::schema::RANKS;
use std::sync::Arc;
use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::ColumnValues;
use tantivy::{DocAddress, DocId, Score, SegmentOrdinal, SegmentReader};

/// The best `limit` matches by score, and the counts per rank, of the matches whose rank `mask`
/// lets through: one pass, one column read per match. With `limit` 0 it only counts, and then
/// takes a block of matches at a time (scores are not needed).
///
/// Ties in score go to the lower document address, as with tantivy's `TopDocs`.
pub(super) struct TopAndCounts {
    pub(super) limit: usize,
    pub(super) mask: [bool; RANKS],
}

pub(super) struct SegmentTopAndCounts {
    ranks: Arc<dyn ColumnValues<u64>>,
    /// The ranks of a block of matches (when only counting).
    buffer: Vec<u64>,
    mask: [bool; RANKS],
    counts: [u64; RANKS],
    limit: usize,
    segment: SegmentOrdinal,
    /// Up to `2 * limit` candidates; cut back to the best `limit` when full, which raises
    /// `threshold` (the worst score that could still make the cut).
    top: Vec<(Score, DocId)>,
    threshold: Score,
}

impl SegmentTopAndCounts {
    fn cut(&mut self) {
        self.top
            .sort_unstable_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        self.top.truncate(self.limit);
        if self.top.len() == self.limit
            && let Some(last) = self.top.last()
        {
            self.threshold = last.0;
        }
    }
}

impl Collector for TopAndCounts {
    type Fruit = (Vec<(Score, DocAddress)>, [u64; RANKS]);
    type Child = SegmentTopAndCounts;

    fn for_segment(
        &self,
        segment: SegmentOrdinal,
        reader: &SegmentReader,
    ) -> tantivy::Result<SegmentTopAndCounts> {
        Ok(SegmentTopAndCounts {
            ranks: reader.fast_fields().u64("rank")?.first_or_default_col(0),
            buffer: Vec::new(),
            mask: self.mask,
            counts: [0; RANKS],
            limit: self.limit,
            segment,
            top: Vec::with_capacity(2 * self.limit),
            threshold: Score::NEG_INFINITY,
        })
    }

    fn requires_scoring(&self) -> bool {
        self.limit > 0
    }

    fn merge_fruits(
        &self,
        fruits: Vec<(Vec<(Score, DocAddress)>, [u64; RANKS])>,
    ) -> tantivy::Result<Self::Fruit> {
        let mut top = Vec::new();
        let mut counts = [0; RANKS];
        for (t, c) in fruits {
            top.extend(t);
            for (total, n) in counts.iter_mut().zip(c) {
                *total += n;
            }
        }
        top.sort_unstable_by(|a: &(Score, DocAddress), b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        top.truncate(self.limit);
        Ok((top, counts))
    }
}

impl SegmentCollector for SegmentTopAndCounts {
    type Fruit = (Vec<(Score, DocAddress)>, [u64; RANKS]);

    fn collect(&mut self, doc: DocId, score: Score) {
        let rank = (self.ranks.get_val(doc) as usize).min(RANKS - 1);
        if !self.mask[rank] {
            return;
        }
        self.counts[rank] += 1;
        // Documents arrive in increasing order, so an equal score never beats what is kept.
        if self.limit > 0 && score > self.threshold {
            self.top.push((score, doc));
            if self.top.len() == 2 * self.limit {
                self.cut();
            }
        }
    }

    fn collect_block(&mut self, docs: &[DocId]) {
        if self.limit > 0 {
            // Blocks come only from queries that need no scores; keep the per-match path.
            docs.iter().for_each(|&doc| self.collect(doc, 0.0));
            return;
        }
        self.buffer.resize(docs.len(), 0);
        self.ranks.get_vals(docs, &mut self.buffer);
        for rank in &self.buffer {
            let rank = (*rank as usize).min(RANKS - 1);
            if self.mask[rank] {
                self.counts[rank] += 1;
            }
        }
    }

    fn harvest(mut self) -> Self::Fruit {
        self.cut();
        let segment = self.segment;
        let top = self
            .top
            .into_iter()
            .map(|(score, doc)| (score, DocAddress::new(segment, doc)))
            .collect();
        (top, self.counts)
    }
}
