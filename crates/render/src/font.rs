//! The two embedded faces (Liberation Sans Regular and Bold, SIL OFL 1.1, from
//! `assets/fonts/`): advance widths to measure text for right alignment and truncation, and
//! subsetting to the glyphs a document uses so a PDF carries kilobytes of font, not 400 KB.
//!
//! Subsetting is done here with allsorts (already a dependency of printpdf) instead of
//! printpdf's `text_layout` feature, which would compile the azul layout engine just for this.

use crate::units::Len;
use crate::RenderError;
use allsorts::binary::read::ReadScope;
use allsorts::font_data::FontData;
use allsorts::subset::{subset, CmapTarget, SubsetProfile};
use allsorts::tables::cmap::Cmap;
use allsorts::tables::{FontTableProvider, HeadTable, HheaTable, HmtxTable, MaxpTable};
use allsorts::tag;
use std::collections::{BTreeSet, HashMap};

static REGULAR: &[u8] = include_bytes!("../../../assets/fonts/LiberationSans-Regular.ttf");
static BOLD: &[u8] = include_bytes!("../../../assets/fonts/LiberationSans-Bold.ttf");

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) enum Weight {
    Regular,
    Bold,
}

/// One parsed face: its bytes, units per em, character map and advance widths.
pub(crate) struct Face {
    /// PostScript name, as the PDF names the font.
    pub(crate) name: &'static str,
    bytes: &'static [u8],
    units_per_em: i64,
    glyphs: HashMap<char, u16>,
    advances: Vec<u16>,
}

fn font_err(what: &str, e: impl std::fmt::Display) -> RenderError {
    RenderError::Font(format!("{what}: {e}"))
}

impl Face {
    fn parse(name: &'static str, bytes: &'static [u8]) -> Result<Face, RenderError> {
        let data = ReadScope::new(bytes)
            .read::<FontData<'_>>()
            .map_err(|e| font_err("not a font", e))?;
        let provider = data
            .table_provider(0)
            .map_err(|e| font_err("font face", e))?;
        let table = |t| {
            provider
                .read_table_data(t)
                .map_err(|e| font_err("font table", e))
        };
        let head_data = table(tag::HEAD)?;
        let head = ReadScope::new(&head_data)
            .read::<HeadTable>()
            .map_err(|e| font_err("head", e))?;
        let maxp_data = table(tag::MAXP)?;
        let maxp = ReadScope::new(&maxp_data)
            .read::<MaxpTable>()
            .map_err(|e| font_err("maxp", e))?;
        let hhea_data = table(tag::HHEA)?;
        let hhea = ReadScope::new(&hhea_data)
            .read::<HheaTable>()
            .map_err(|e| font_err("hhea", e))?;
        let hmtx_data = table(tag::HMTX)?;
        let hmtx = ReadScope::new(&hmtx_data)
            .read_dep::<HmtxTable<'_>>((
                usize::from(maxp.num_glyphs),
                usize::from(hhea.num_h_metrics),
            ))
            .map_err(|e| font_err("hmtx", e))?;
        let advances = (0..maxp.num_glyphs)
            .map(|g| hmtx.horizontal_advance(g).unwrap_or(0))
            .collect();
        let cmap_data = table(tag::CMAP)?;
        let cmap = ReadScope::new(&cmap_data)
            .read::<Cmap<'_>>()
            .map_err(|e| font_err("cmap", e))?;
        let (_, sub) = allsorts::font::read_cmap_subtable(&cmap)
            .map_err(|e| font_err("cmap", e))?
            .ok_or_else(|| RenderError::Font("no Unicode cmap".into()))?;
        let mut glyphs = HashMap::new();
        sub.mappings_fn(|cp, gid| {
            if let Some(c) = char::from_u32(cp) {
                glyphs.insert(c, gid);
            }
        })
        .map_err(|e| font_err("cmap", e))?;
        Ok(Face {
            name,
            bytes,
            units_per_em: i64::from(head.units_per_em.max(1)),
            glyphs,
            advances,
        })
    }

    fn glyph(&self, c: char) -> u16 {
        self.glyphs.get(&c).copied().unwrap_or(0)
    }

    /// Width of `text` set at `size`, from the glyphs' advance widths (no kerning: the PDF
    /// is written without it either, so this is exactly what the page shows).
    pub(crate) fn width(&self, text: &str, size: Len) -> Len {
        let units: i64 = text
            .chars()
            .map(|c| i64::from(self.advances[usize::from(self.glyph(c))]))
            .sum();
        let w = units * i64::from(size.0) / self.units_per_em;
        Len(i32::try_from(w).unwrap_or(i32::MAX))
    }

    /// A font program with only the glyphs of `chars` (and .notdef), keeping a Unicode cmap so
    /// printpdf maps text to the subset's glyph ids.
    pub(crate) fn subset(&self, chars: &BTreeSet<char>) -> Result<Vec<u8>, RenderError> {
        let data = ReadScope::new(self.bytes)
            .read::<FontData<'_>>()
            .map_err(|e| font_err("not a font", e))?;
        let provider = data
            .table_provider(0)
            .map_err(|e| font_err("font face", e))?;
        // .notdef first, then each used glyph once (allsorts requires both).
        let used: BTreeSet<u16> = chars.iter().map(|c| self.glyph(*c)).collect();
        let ids: Vec<u16> = std::iter::once(0)
            .chain(used.into_iter().filter(|g| *g != 0))
            .collect();
        subset(&provider, &ids, &SubsetProfile::Pdf, CmapTarget::Unicode)
            .map_err(|e| font_err("subsetting", e))
    }

    /// The name of a subset of this face: six capitals derived from the glyph set, '+', the
    /// PostScript name (ISO 32000-1, 9.6.4), so viewers and `pdffonts` show what it is.
    pub(crate) fn subset_name(&self, chars: &BTreeSet<char>) -> String {
        // FNV-1a over the characters: the same text always gives the same tag.
        let mut h: u64 = 0xcbf2_9ce4_8422_2325;
        for c in chars {
            h ^= u64::from(u32::from(*c));
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
        let tag: String = (0..6)
            .map(|i| char::from(b'A' + ((h >> (i * 5)) % 26) as u8))
            .collect();
        format!("{tag}+{}", self.name)
    }
}

/// The faces a document is set in.
pub(crate) struct Fonts {
    regular: Face,
    bold: Face,
}

impl Fonts {
    pub(crate) fn load() -> Result<Fonts, RenderError> {
        Ok(Fonts {
            regular: Face::parse("LiberationSans", REGULAR)?,
            bold: Face::parse("LiberationSans-Bold", BOLD)?,
        })
    }
    pub(crate) fn face(&self, w: Weight) -> &Face {
        match w {
            Weight::Regular => &self.regular,
            Weight::Bold => &self.bold,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn digits_share_one_width_and_bold_is_wider() {
        let f = Fonts::load().unwrap();
        let r = f.face(Weight::Regular);
        let size = Len::pt(10);
        // Tabular figures: every digit 0.556 em, so columns of amounts line up.
        assert_eq!(r.width("0", size), r.width("8", size));
        assert_eq!(r.width("0", size).0, 5561);
        assert_eq!(r.width("1.234,56", size), r.width("9.999,99", size));
        assert!(f.face(Weight::Bold).width("Totales", size) > r.width("Totales", size));
        assert!(r.glyph('…') != 0, "the ellipsis used for truncation exists");
        assert!(r.glyph('€') != 0 && r.glyph('ñ') != 0);
    }

    #[test]
    fn a_subset_is_small_and_still_maps_its_characters() {
        let f = Fonts::load().unwrap();
        let chars: BTreeSet<char> = "Página 1 de 2".chars().collect();
        let bytes = f.face(Weight::Regular).subset(&chars).unwrap();
        assert!(bytes.len() < 20_000, "subset is {} bytes", bytes.len());
        let mut w = Vec::new();
        let parsed = printpdf::ParsedFont::from_bytes(&bytes, 0, &mut w).unwrap();
        assert!(parsed.lookup_glyph_index('á' as u32).is_some());
        assert!(parsed.lookup_glyph_index('Z' as u32).is_none());
    }
}
