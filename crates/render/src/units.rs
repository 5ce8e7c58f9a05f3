//! Lengths for layout, as integers: thousandths of a PostScript point (1/72000 inch). Layout
//! arithmetic stays exact and float-free; the one conversion to printpdf's `f32` points is
//! [`Len::to_pt`], at the very edge where ops are written.

use std::ops::{Add, AddAssign, Div, Mul, Sub};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default, Hash)]
pub(crate) struct Len(pub(crate) i32);

impl Len {
    pub(crate) const ZERO: Len = Len(0);

    /// Whole points.
    pub(crate) const fn pt(points: i32) -> Len {
        Len(points * 1000)
    }
    /// Tenths of a point (font sizes such as 8.5 pt).
    pub(crate) const fn pt_tenths(tenths: i32) -> Len {
        Len(tenths * 100)
    }
    /// Tenths of a millimetre (1 mm = 72/25.4 pt).
    pub(crate) const fn mm_tenths(tenths: i32) -> Len {
        Len(tenths * 72_000 / 254)
    }
    pub(crate) const fn mm(mm: i32) -> Len {
        Len::mm_tenths(mm * 10)
    }

    /// The only float in layout: printpdf takes points as `f32`.
    #[allow(clippy::float_arithmetic)]
    pub(crate) fn to_pt(self) -> printpdf::Pt {
        printpdf::Pt(self.0 as f32 / 1000.0)
    }
}

impl Add for Len {
    type Output = Len;
    fn add(self, o: Len) -> Len {
        Len(self.0 + o.0)
    }
}
impl AddAssign for Len {
    fn add_assign(&mut self, o: Len) {
        self.0 += o.0;
    }
}
impl Sub for Len {
    type Output = Len;
    fn sub(self, o: Len) -> Len {
        Len(self.0 - o.0)
    }
}
impl Mul<i32> for Len {
    type Output = Len;
    fn mul(self, k: i32) -> Len {
        Len(self.0 * k)
    }
}
impl Div<i32> for Len {
    type Output = Len;
    fn div(self, k: i32) -> Len {
        Len(self.0 / k)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a4_is_595_by_842_points() {
        assert_eq!(Len::mm(210).0 / 1000, 595);
        assert_eq!(Len::mm(297).0 / 1000, 841);
        assert_eq!(Len::mm(1).0, 2834);
    }
}
