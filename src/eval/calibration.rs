//! Does a stated confidence mean what it says? Accuracy per confidence band, and the expected
//! calibration error (ECE): the gap between stated confidence and observed accuracy, averaged
//! over the bands weighted by how many tools fall in each. A classifier whose 0.9 is right 90%
//! of the time has an ECE near 0.

use serde::Serialize;

/// The band edges in percent: `<50`, `50–60`, …, `90–100` (the last one includes 100).
const EDGES: [u32; 6] = [0, 50, 60, 70, 80, 90];

/// One confidence band.
#[derive(Debug, Clone, Default, Serialize, PartialEq)]
pub struct Band {
    /// "<0.5", "0.5–0.6", …, "0.9–1.0".
    pub band: String,
    pub tools: usize,
    /// Mean stated confidence of the tools in the band.
    pub mean_confidence: Option<f64>,
    /// Share whose category matches the label.
    pub category_accuracy: Option<f64>,
    /// Share whose risk matches the label.
    pub risk_accuracy: Option<f64>,
    #[serde(skip)]
    confidence_sum: f64,
    #[serde(skip)]
    category_hits: usize,
    #[serde(skip)]
    risk_hits: usize,
}

/// Accuracy per confidence band, over labelled records.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Calibration {
    pub bands: Vec<Band>,
    /// Expected calibration error of the category (0–1): Σ (tools in band / tools) × |category
    /// accuracy − mean confidence|. None without labelled records.
    pub expected_calibration_error: Option<f64>,
}

impl Default for Calibration {
    fn default() -> Self {
        let bands = EDGES
            .iter()
            .enumerate()
            .map(|(i, &lo)| Band {
                band: match EDGES.get(i + 1) {
                    _ if i == 0 => "<0.5".to_string(),
                    Some(hi) => format!("{:.1}–{:.1}", lo as f64 / 100.0, *hi as f64 / 100.0),
                    None => format!("{:.1}–1.0", lo as f64 / 100.0),
                },
                ..Band::default()
            })
            .collect();
        Calibration {
            bands,
            expected_calibration_error: None,
        }
    }
}

/// The band a confidence falls in. Confidences carry two decimals; comparing whole percents
/// keeps 0.6 in "0.6–0.7" whatever its binary representation.
fn band_of(confidence: f64) -> usize {
    let pct = (confidence * 100.0).round().clamp(0.0, 100.0) as u32;
    EDGES.iter().rposition(|&lo| pct >= lo).unwrap_or(0)
}

impl Calibration {
    pub fn add(&mut self, confidence: f64, category_right: bool, risk_right: bool) {
        let b = &mut self.bands[band_of(confidence)];
        b.tools += 1;
        b.confidence_sum += confidence;
        b.category_hits += usize::from(category_right);
        b.risk_hits += usize::from(risk_right);
    }

    /// Fills in the per-band means and the ECE.
    pub fn finish(&mut self) {
        let total: usize = self.bands.iter().map(|b| b.tools).sum();
        let mut ece = 0.0;
        for b in &mut self.bands {
            if b.tools == 0 {
                continue;
            }
            let n = b.tools as f64;
            let conf = b.confidence_sum / n;
            let acc = b.category_hits as f64 / n;
            b.mean_confidence = Some(conf);
            b.category_accuracy = Some(acc);
            b.risk_accuracy = Some(b.risk_hits as f64 / n);
            ece += n / total as f64 * (acc - conf).abs();
        }
        self.expected_calibration_error = (total > 0).then_some(ece);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bands_split_at_tenths_and_keep_one_in_the_top_band() {
        assert_eq!(band_of(0.0), 0);
        assert_eq!(band_of(0.49), 0);
        assert_eq!(band_of(0.5), 1);
        assert_eq!(band_of(0.6), 2);
        assert_eq!(band_of(0.59), 1);
        assert_eq!(band_of(0.9), 5);
        assert_eq!(band_of(1.0), 5);
        let names: Vec<String> = Calibration::default()
            .bands
            .into_iter()
            .map(|b| b.band)
            .collect();
        assert_eq!(
            names,
            [
                "<0.5",
                "0.5–0.6",
                "0.6–0.7",
                "0.7–0.8",
                "0.8–0.9",
                "0.9–1.0"
            ]
        );
    }

    #[test]
    fn ece_weighs_each_band_by_its_share() {
        let mut c = Calibration::default();
        // Band 0.9–1.0: stated 0.9, right 1 of 2 → gap 0.4, weight 2/4.
        c.add(0.9, true, true);
        c.add(0.9, false, true);
        // Band 0.5–0.6: stated 0.5, right 1 of 2 → gap 0.0, weight 2/4.
        c.add(0.5, true, false);
        c.add(0.5, false, false);
        c.finish();
        let ece = c.expected_calibration_error.unwrap();
        assert!((ece - 0.2).abs() < 1e-9, "{ece}");
        assert_eq!(c.bands[5].tools, 2);
        assert_eq!(c.bands[5].risk_accuracy, Some(1.0));
        assert_eq!(c.bands[1].risk_accuracy, Some(0.0));
        assert_eq!(c.bands[0].category_accuracy, None);
    }

    #[test]
    fn no_labels_no_ece() {
        let mut c = Calibration::default();
        c.finish();
        assert_eq!(c.expected_calibration_error, None);
    }
}
