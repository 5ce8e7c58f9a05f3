//! Cash shares: how an entry's cash (accounts of group 57) splits among the 2-digit groups
//! of its counterparts. The cash goes to the counterparts on the other side of it in
//! proportion to their amounts (a wage paid net of withholding is all wages; a cash sale
//! splits into sales and output VAT); cents left by the division go to the largest
//! remainders, so the shares add up to the cash exactly. Written with each entry into
//! `cash_shares`; the cash-flow statement reads that table.

use crate::Result;
use rusqlite::{params, Connection};
use std::collections::BTreeMap;
use trastienda_core::EntryKind;

/// Whether an account code is cash (group 57).
pub(crate) fn is_cash(code: &str) -> bool {
    code.starts_with("57")
}

/// One group's share of an entry's cash: (group, the group's main account, cents).
pub(crate) type Share = (String, String, i64);

/// The shares of an entry given its postings as (account code, amount in cents).
pub(crate) fn shares(postings: &[(&str, i64)]) -> Vec<Share> {
    let cash: i64 = postings
        .iter()
        .filter(|(c, _)| is_cash(c))
        .map(|(_, a)| a)
        .sum();
    if cash == 0 {
        return Vec::new();
    }
    // Per counterpart group: its net, and its biggest account on that side.
    let mut groups: BTreeMap<&str, (i64, &str, i64)> = BTreeMap::new();
    for (code, amount) in postings.iter().filter(|(c, _)| !is_cash(c)) {
        let g = groups
            .entry(&code[..code.len().min(2)])
            .or_insert((0, code, 0));
        g.0 += amount;
        if amount.abs() > g.2 {
            g.1 = code;
            g.2 = amount.abs();
        }
    }
    let other: Vec<(&str, &str, i128)> = groups
        .iter()
        .filter(|(_, (net, ..))| net.signum() == -cash.signum())
        .map(|(g, (net, account, _))| (*g, *account, i128::from(net.abs())))
        .collect();
    let whole: i128 = other.iter().map(|o| o.2).sum();
    if whole == 0 {
        return Vec::new();
    }
    let cash = i128::from(cash);
    let mut out: Vec<(&str, &str, i128, i128)> = other
        .iter()
        .map(|(g, a, c)| (*g, *a, cash * c / whole, (cash * c % whole).abs()))
        .collect();
    let mut left = cash - out.iter().map(|o| o.2).sum::<i128>();
    let mut order: Vec<usize> = (0..out.len()).collect();
    order.sort_by(|a, b| out[*b].3.cmp(&out[*a].3).then(out[*a].0.cmp(out[*b].0)));
    for i in order {
        if left == 0 {
            break;
        }
        out[i].2 += left.signum();
        left -= left.signum();
    }
    out.into_iter()
        .filter(|o| o.2 != 0)
        .map(|(g, a, c, _)| (g.to_string(), a.to_string(), c as i64))
        .collect()
}

/// Whether an entry of `kind` (for a reversal, of its original's kind) moves cash in the
/// cash-flow sense: opening and year-end entries only carry balances.
pub(crate) fn moves_cash(kind: EntryKind) -> bool {
    !matches!(
        kind,
        EntryKind::Opening | EntryKind::Regularisation | EntryKind::Closing
    )
}

/// Writes entry `entry_id`'s shares (its postings read back from the table).
pub(crate) fn write_shares(conn: &Connection, entry_id: i64, date: &str) -> Result<()> {
    let postings: Vec<(String, i64)> = conn
        .prepare_cached(
            "SELECT a.code, p.amount_cents FROM postings p JOIN accounts a ON a.id = p.account_id
             WHERE p.entry_id = ?1 ORDER BY p.line_no",
        )?
        .query_map([entry_id], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let view: Vec<(&str, i64)> = postings.iter().map(|(c, a)| (c.as_str(), *a)).collect();
    insert(conn, entry_id, date, &shares(&view))
}

pub(crate) fn insert(conn: &Connection, entry_id: i64, date: &str, shares: &[Share]) -> Result<()> {
    let mut stmt = conn.prepare_cached(
        "INSERT INTO cash_shares (grp, date, entry_id, account_id, cents)
         VALUES (?1, ?2, ?3, (SELECT id FROM accounts WHERE code = ?4), ?5)",
    )?;
    for (g, account, cents) in shares {
        stmt.execute(params![g, date, entry_id, account, cents])?;
    }
    Ok(())
}

/// Fills `cash_shares` for the entries of a file written before the table existed.
pub(crate) fn backfill(conn: &Connection) -> Result<()> {
    let entries: Vec<(i64, String)> = conn
        .prepare(
            "SELECT e.id, e.date FROM entries e
             WHERE (e.kind = 'normal' OR (e.kind = 'reversal' AND (SELECT o.kind FROM entries o
                    WHERE o.id = e.reverses_id) IN ('normal', 'reversal')))
               AND EXISTS (SELECT 1 FROM postings p JOIN accounts a ON a.id = p.account_id
                           WHERE p.entry_id = e.id AND substr(a.code, 1, 2) = '57')
             ORDER BY e.id",
        )?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    for (id, date) in entries {
        write_shares(conn, id, &date)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(p: &[(&str, i64)]) -> Vec<(String, String, i64)> {
        shares(p)
    }

    #[test]
    fn cash_goes_to_the_counterparts_on_the_other_side() {
        // Wage 2 000 paid net 1 700, 300 withheld: all of it is wages.
        assert_eq!(
            run(&[("640", 200000), ("4751001", -30000), ("5720001", -170000)]),
            [("64".into(), "640".into(), -170000)]
        );
        // Cash sale 121 = sales 100 + VAT 21.
        assert_eq!(
            run(&[("5700001", 12100), ("700", -10000), ("4770021", -2100)]),
            [
                ("47".into(), "4770021".into(), 2100),
                ("70".into(), "700".into(), 10000)
            ]
        );
        // A third each of 1.00: the odd cent goes somewhere, the sum is exact.
        let t = run(&[("5720001", 100), ("700", -1), ("759", -1), ("778", -1)]);
        assert_eq!(t.iter().map(|s| s.2).sum::<i64>(), 100);
        assert!(t.iter().all(|s| (33..=34).contains(&s.2)));
        // A transfer between cash accounts moves nothing.
        assert!(run(&[("5700001", 500), ("5720001", -500)]).is_empty());
        // Paying a supplier with a prompt-payment discount: all of it goes to suppliers.
        assert_eq!(
            run(&[("400", 100000), ("5720001", -98000), ("606", -2000)]),
            [("40".into(), "400".into(), -98000)]
        );
    }
}
