//! Financial statements as data: a [`Layout`] (parsed from a CSV in `assets/statements/`,
//! format in `assets/README.md`, "Statement layouts") says which accounts feed which line;
//! [`build_statement`] turns per-account balances for one or more columns (a year, twelve
//! months, this year and last) into a [`Statement`] with its checks and every in-scope account
//! that fed no line listed as [`Unassigned`] (never silently dropped).
//!
//! Also the multi-column trial balance ([`trial_balance_statement`]) and the cash-flow summary
//! ([`cash_flow_statement`]) in the same shape, so one renderer prints them all.

use crate::money::Money;
use crate::problem::{Problem, ProblemCode};
use crate::report::{build_trial_balance, AccountTotals, ChartAccount, TrialBalanceOptions};
use crate::{AccountCode, AccountKind, Language};
use chrono::NaiveDate;
use std::collections::{BTreeMap, BTreeSet};

/// Which balance reads positive on a line: Debit (debit - credit) or Credit (credit - debit).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Side {
    Debit,
    Credit,
}

impl Side {
    fn sign(self) -> i64 {
        match self {
            Side::Debit => 1,
            Side::Credit => -1,
        }
    }
    /// `debit_balance` (debit - credit) read on this side.
    fn read(self, debit_balance: Money) -> Money {
        match self {
            Side::Debit => debit_balance,
            Side::Credit => -debit_balance,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum LineStyle {
    /// A line with children: its value is the sum of theirs.
    Heading,
    /// A line fed by accounts.
    Line,
    /// A line computed by a formula over other lines (results, totals).
    Total,
}

/// Which accounts a layout line takes.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Selector {
    /// Accounts whose code starts with `prefix`; with `only`, just those whose own balance in
    /// the column is on that side (debit balance for `Debit`, credit balance for `Credit`).
    Prefix { prefix: String, only: Option<Side> },
    /// Accounts of a kind (generic charts). Weaker than any prefix.
    Kind(AccountKind),
}

impl Selector {
    /// How strongly the selector matches an account: None = not at all; higher wins.
    fn score(
        &self,
        code: &str,
        kind: AccountKind,
        debit_balance: Money,
    ) -> Option<(u8, usize, u8)> {
        match self {
            Selector::Prefix { prefix, only } => {
                if !code.starts_with(prefix.as_str()) {
                    return None;
                }
                match only {
                    None => Some((1, prefix.len(), 0)),
                    Some(side) => {
                        let on_side = side.read(debit_balance);
                        (!on_side.is_negative() && !on_side.is_zero()).then_some((
                            1,
                            prefix.len(),
                            1,
                        ))
                    }
                }
            }
            Selector::Kind(k) => (*k == kind).then_some((0, 0, 0)),
        }
    }

    fn parse(s: &str) -> Result<Vec<Selector>, String> {
        if let Some(k) = s.strip_prefix("kind:") {
            return AccountKind::parse(k)
                .map(|k| vec![Selector::Kind(k)])
                .ok_or_else(|| {
                    format!("'{s}': unknown kind (income, expense, asset, liability, equity)")
                });
        }
        let (body, only) = match s.split_once(':') {
            Some((b, "D")) => (b, Some(Side::Debit)),
            Some((b, "C")) => (b, Some(Side::Credit)),
            Some(_) => return Err(format!("'{s}': the qualifier must be :D or :C")),
            None => (s, None),
        };
        let digits =
            |t: &str| !t.is_empty() && t.len() <= 12 && t.bytes().all(|b| b.is_ascii_digit());
        let prefixes: Vec<String> = match body.split_once('-') {
            Some((a, b)) => {
                if !digits(a) || !digits(b) || a.len() != b.len() {
                    return Err(format!(
                        "'{s}': a range is two codes of the same length, e.g. 430-436"
                    ));
                }
                let (lo, hi): (u64, u64) = (a.parse().unwrap_or(0), b.parse().unwrap_or(0));
                if hi < lo || hi - lo > 100 {
                    return Err(format!(
                        "'{s}': a range runs upwards over at most 100 codes"
                    ));
                }
                (lo..=hi)
                    .map(|n| format!("{n:0width$}", width = a.len()))
                    .collect()
            }
            None if digits(body) => vec![body.to_string()],
            None => {
                return Err(format!(
                    "'{s}' is not a selector (an account-code prefix such as 700, 5720:C, \
                     430-436, or kind:income)"
                ))
            }
        };
        Ok(prefixes
            .into_iter()
            .map(|prefix| Selector::Prefix { prefix, only })
            .collect())
    }

    /// Whether the selector covers `code` for some balance (qualifiers ignored).
    fn covers(&self, code: &str, kind: AccountKind) -> bool {
        match self {
            Selector::Prefix { prefix, .. } => code.starts_with(prefix.as_str()),
            Selector::Kind(k) => *k == kind,
        }
    }
}

/// What a layout line's figure is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LineBody {
    /// The balance of the accounts assigned to it.
    Accounts(Vec<Selector>),
    /// `+`/`-` other lines (indices into `Layout::lines`), each as printed.
    Formula(Vec<(bool, usize)>),
    /// The sum of its children (a heading), or zero without children.
    Sum,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LayoutLine {
    pub key: String,
    pub parent: Option<usize>,
    /// As printed before the label: "A)", "II.", "1.".
    pub code: Option<String>,
    pub side: Side,
    pub label_es: String,
    pub label_en: String,
    pub body: LineBody,
    pub depth: u8,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LayoutCheck {
    pub label_es: String,
    pub label_en: String,
    /// Zero when the check holds.
    pub formula: Vec<(bool, usize)>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Layout {
    pub id: String,
    pub title_es: String,
    pub title_en: String,
    pub lines: Vec<LayoutLine>,
    /// Accounts that must land on some line (others that match no line are ignored).
    pub scope: Vec<Selector>,
    pub checks: Vec<LayoutCheck>,
}

impl Layout {
    /// Whether some line's selector covers `code` (for any balance: both `:D` and `:C`
    /// count), i.e. whether an account with that code would be assigned.
    pub fn covers(&self, code: &str, kind: AccountKind) -> bool {
        let mut sides = BTreeSet::new();
        for line in &self.lines {
            if let LineBody::Accounts(sels) = &line.body {
                for s in sels {
                    match s {
                        Selector::Prefix { prefix, only } if code.starts_with(prefix.as_str()) => {
                            match only {
                                None => return true,
                                Some(side) => {
                                    sides.insert(side.sign());
                                }
                            }
                        }
                        Selector::Kind(k) if *k == kind => return true,
                        _ => {}
                    }
                }
            }
        }
        sides.len() == 2
    }

    /// Whether `code` is in the layout's scope (must be assigned).
    pub fn in_scope(&self, code: &str, kind: AccountKind) -> bool {
        self.scope.iter().any(|s| s.covers(code, kind))
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatementAccount {
    pub code: AccountCode,
    pub name: String,
    pub kind: AccountKind,
}

/// One column of figures: a period (or a balance date, `to`) and its header.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ColumnSpec {
    pub label: String,
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Statement {
    pub title: String,
    pub columns: Vec<ColumnSpec>,
    pub lines: Vec<StatementLine>,
    pub checks: Vec<StatementCheck>,
    pub unassigned: Vec<Unassigned>,
}

impl Statement {
    /// The line with `key`, if any.
    pub fn line(&self, key: &str) -> Option<&StatementLine> {
        self.lines.iter().find(|l| l.key == key)
    }
    /// Whether every check holds in every column and nothing in scope was left unassigned.
    pub fn is_sound(&self) -> bool {
        self.unassigned.is_empty()
            && self
                .checks
                .iter()
                .all(|c| c.differences.iter().all(|d| d.is_zero()))
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatementLine {
    pub key: String,
    pub code: Option<String>,
    pub label: String,
    pub depth: u8,
    pub style: LineStyle,
    /// One per column, read on the line's side.
    pub values: Vec<Money>,
    /// Leaf account codes that fed this figure (union over columns; for drill-down).
    pub accounts: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatementCheck {
    pub label: String,
    /// Per column; zero = the check holds.
    pub differences: Vec<Money>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unassigned {
    pub column: usize,
    pub code: String,
    pub name: String,
    /// Debit - credit.
    pub balance: Money,
}

// ---------------------------------------------------------------------------------------
// Parsing

const HEADER: [&str; 7] = [
    "key", "parent", "code", "side", "label_es", "label_en", "accounts",
];

fn split_csv_line(line: &str) -> Vec<String> {
    let mut fields = vec![String::new()];
    let mut quoted = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match (c, quoted) {
            ('"', true) if chars.peek() == Some(&'"') => {
                chars.next();
                fields.last_mut().expect("one field").push('"');
            }
            ('"', _) => quoted = !quoted,
            (',', false) => fields.push(String::new()),
            (c, _) => fields.last_mut().expect("one field").push(c),
        }
    }
    fields.into_iter().map(|f| f.trim().to_string()).collect()
}

fn problem(code: ProblemCode, row: usize, field: &str, message: String) -> Problem {
    Problem::new(code, format!("line {row}, {field}: {message}"))
        .at_row(u32::try_from(row).unwrap_or(u32::MAX))
        .field(field)
}

/// Signed key names of a formula before they resolve to line indices.
type Terms = Vec<(bool, String)>;

/// `=A+B-C` into signed key names.
fn parse_formula(s: &str) -> Result<Terms, String> {
    let body = s
        .strip_prefix('=')
        .ok_or_else(|| format!("'{s}': a formula starts with '='"))?;
    let mut terms = Vec::new();
    let mut plus = true;
    let mut cur = String::new();
    for c in body.chars().chain(std::iter::once('+')) {
        match c {
            '+' | '-' => {
                let key = cur.trim();
                if key.is_empty() {
                    if !terms.is_empty() || c == '+' || body.trim().is_empty() {
                        return Err(format!("'{s}': a term is missing"));
                    }
                } else {
                    terms.push((plus, key.to_string()));
                }
                cur.clear();
                plus = c == '+';
            }
            c => cur.push(c),
        }
    }
    if terms.is_empty() {
        return Err(format!("'{s}': a formula needs at least one line key"));
    }
    Ok(terms)
}

/// Parses a layout (format in `assets/README.md`, "Statement layouts"). Every problem names
/// its 1-based CSV line (the header is line 1) and field.
pub fn parse_layout(text: &str) -> Result<Layout, Vec<Problem>> {
    let mut problems = Vec::new();
    let mut lines_iter = text.lines().enumerate();
    // Header: the first line that is not a comment or blank.
    let header = loop {
        match lines_iter.next() {
            Some((_, l)) if l.trim().is_empty() || l.trim_start().starts_with('#') => continue,
            Some((i, l)) => break Some((i + 1, split_csv_line(l))),
            None => break None,
        }
    };
    match &header {
        Some((_, h)) if h.iter().map(String::as_str).eq(HEADER) => {}
        Some((row, _)) => {
            return Err(vec![problem(
                ProblemCode::MissingColumn,
                *row,
                "header",
                format!("expected the header {}", HEADER.join(",")),
            )])
        }
        None => {
            return Err(vec![Problem::new(
                ProblemCode::Required,
                "the layout is empty",
            )])
        }
    }

    let mut id = None;
    let mut titles = (String::new(), String::new());
    let mut scope = Vec::new();
    // (row, label_es, label_en, formula)
    let mut raw_checks: Vec<(usize, String, String, Terms)> = Vec::new();
    // (row, line, formula keys)
    let mut raw_lines: Vec<(usize, LayoutLine, Option<Terms>)> = Vec::new();
    let mut index: BTreeMap<String, usize> = BTreeMap::new();

    for (i, raw) in lines_iter {
        let row = i + 1;
        let t = raw.trim();
        if t.is_empty() || t.starts_with('#') {
            continue;
        }
        let f = split_csv_line(t);
        if f.len() != HEADER.len() {
            problems.push(problem(
                ProblemCode::MissingColumn,
                row,
                "line",
                format!("expected {} fields, found {}", HEADER.len(), f.len()),
            ));
            continue;
        }
        let (key, parent, code, side, es, en, accounts) =
            (&f[0], &f[1], &f[2], &f[3], &f[4], &f[5], &f[6]);
        match key.as_str() {
            "@layout" => {
                if accounts.is_empty() {
                    problems.push(problem(
                        ProblemCode::Required,
                        row,
                        "accounts",
                        "@layout needs the layout id in the accounts field".into(),
                    ));
                }
                id = Some(accounts.clone());
                titles = (es.clone(), en.clone());
                continue;
            }
            "@scope" => {
                for s in accounts.split_whitespace() {
                    match Selector::parse(s) {
                        Ok(mut sel) => scope.append(&mut sel),
                        Err(e) => {
                            problems.push(problem(ProblemCode::InvalidCode, row, "accounts", e))
                        }
                    }
                }
                continue;
            }
            "@check" => {
                match parse_formula(accounts) {
                    Ok(terms) => raw_checks.push((row, es.clone(), en.clone(), terms)),
                    Err(e) => problems.push(problem(ProblemCode::InvalidCode, row, "accounts", e)),
                }
                continue;
            }
            k if k.starts_with('@') => {
                problems.push(problem(
                    ProblemCode::InvalidCode,
                    row,
                    "key",
                    format!("unknown directive '{k}' (@layout, @scope, @check)"),
                ));
                continue;
            }
            "" => {
                problems.push(problem(
                    ProblemCode::Required,
                    row,
                    "key",
                    "a key is required".into(),
                ));
                continue;
            }
            k if k.contains(['+', '-', '=', ' ']) => {
                problems.push(problem(
                    ProblemCode::InvalidCode,
                    row,
                    "key",
                    format!("'{k}': keys cannot contain '+', '-', '=' or spaces"),
                ));
                continue;
            }
            _ => {}
        }
        if index.contains_key(key) {
            problems.push(problem(
                ProblemCode::Duplicate,
                row,
                "key",
                format!("duplicate key '{key}'"),
            ));
            continue;
        }
        let parent_idx = if parent.is_empty() {
            None
        } else {
            match index.get(parent) {
                Some(p) => Some(*p),
                None => {
                    problems.push(problem(
                        ProblemCode::InvalidCode,
                        row,
                        "parent",
                        format!("'{parent}' is not a key defined above this line"),
                    ));
                    continue;
                }
            }
        };
        let side = match (side.as_str(), parent_idx) {
            ("D", _) => Side::Debit,
            ("C", _) => Side::Credit,
            ("", Some(p)) => raw_lines[p].1.side,
            ("", None) => {
                problems.push(problem(
                    ProblemCode::Required,
                    row,
                    "side",
                    "a top-level line needs a side, D or C".into(),
                ));
                continue;
            }
            (s, _) => {
                problems.push(problem(
                    ProblemCode::InvalidCode,
                    row,
                    "side",
                    format!("'{s}': the side is D, C or empty (inherited)"),
                ));
                continue;
            }
        };
        if es.is_empty() {
            problems.push(problem(
                ProblemCode::Required,
                row,
                "label_es",
                "a label is required".into(),
            ));
        }
        let mut formula = None;
        let body = if accounts.starts_with('=') {
            match parse_formula(accounts) {
                Ok(terms) => formula = Some(terms),
                Err(e) => problems.push(problem(ProblemCode::InvalidCode, row, "accounts", e)),
            }
            LineBody::Formula(Vec::new())
        } else if accounts.is_empty() {
            LineBody::Sum
        } else {
            let mut sels = Vec::new();
            for s in accounts.split_whitespace() {
                match Selector::parse(s) {
                    Ok(mut sel) => sels.append(&mut sel),
                    Err(e) => problems.push(problem(ProblemCode::InvalidCode, row, "accounts", e)),
                }
            }
            LineBody::Accounts(sels)
        };
        let depth = parent_idx.map_or(0, |p| raw_lines[p].1.depth.saturating_add(1));
        if let Some(p) = parent_idx {
            if !matches!(raw_lines[p].1.body, LineBody::Sum) {
                problems.push(problem(
                    ProblemCode::InvalidCode,
                    row,
                    "parent",
                    format!("'{parent}' has accounts or a formula, so it cannot have children"),
                ));
            }
        }
        index.insert(key.clone(), raw_lines.len());
        raw_lines.push((
            row,
            LayoutLine {
                key: key.clone(),
                parent: parent_idx,
                code: (!code.is_empty()).then(|| code.clone()),
                side,
                label_es: es.clone(),
                label_en: if en.is_empty() {
                    es.clone()
                } else {
                    en.clone()
                },
                body,
                depth,
            },
            formula,
        ));
    }

    // The same selector on two lines would make the assignment ambiguous.
    let mut seen: BTreeMap<Selector, (usize, String)> = BTreeMap::new();
    for (row, line, _) in &raw_lines {
        if let LineBody::Accounts(sels) = &line.body {
            for s in sels {
                if let Some((_, other)) = seen.get(s) {
                    if other != &line.key {
                        problems.push(problem(
                            ProblemCode::Duplicate,
                            *row,
                            "accounts",
                            format!("{} is already taken by line '{other}'", describe(s)),
                        ));
                    }
                } else {
                    seen.insert(s.clone(), (*row, line.key.clone()));
                }
            }
        }
    }

    let resolve = |row: usize, terms: &[(bool, String)], problems: &mut Vec<Problem>| {
        let mut out = Vec::new();
        for (plus, k) in terms {
            match index.get(k) {
                Some(i) => out.push((*plus, *i)),
                None => problems.push(problem(
                    ProblemCode::InvalidCode,
                    row,
                    "accounts",
                    format!("'{k}' is not a line key of this layout"),
                )),
            }
        }
        out
    };
    let mut lines = Vec::with_capacity(raw_lines.len());
    for (row, mut line, formula) in raw_lines.iter().cloned() {
        if let Some(terms) = formula {
            line.body = LineBody::Formula(resolve(row, &terms, &mut problems));
        }
        lines.push(line);
    }
    let mut checks = Vec::new();
    for (row, es, en, terms) in &raw_checks {
        checks.push(LayoutCheck {
            label_es: es.clone(),
            label_en: if en.is_empty() {
                es.clone()
            } else {
                en.clone()
            },
            formula: resolve(*row, terms, &mut problems),
        });
    }
    // A formula may not depend on itself (through headings or other formulas).
    if problems.is_empty() {
        let children = children_of(&lines);
        let mut state = vec![0u8; lines.len()];
        for i in 0..lines.len() {
            if let Some(at) = find_cycle(i, &lines, &children, &mut state) {
                problems.push(problem(
                    ProblemCode::InvalidCode,
                    raw_lines[at].0,
                    "accounts",
                    format!("'{}' depends on itself", lines[at].key),
                ));
                break;
            }
        }
    }
    if id.is_none() {
        problems.push(Problem::new(
            ProblemCode::Required,
            "the layout needs a @layout line (id and titles)",
        ));
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    Ok(Layout {
        id: id.unwrap_or_default(),
        title_es: titles.0,
        title_en: titles.1,
        lines,
        scope,
        checks,
    })
}

fn describe(s: &Selector) -> String {
    match s {
        Selector::Prefix { prefix, only: None } => prefix.clone(),
        Selector::Prefix {
            prefix,
            only: Some(Side::Debit),
        } => format!("{prefix}:D"),
        Selector::Prefix {
            prefix,
            only: Some(Side::Credit),
        } => format!("{prefix}:C"),
        Selector::Kind(k) => format!("kind:{}", k.as_str()),
    }
}

impl PartialOrd for Selector {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for Selector {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        describe(self).cmp(&describe(other))
    }
}

fn children_of(lines: &[LayoutLine]) -> Vec<Vec<usize>> {
    let mut children = vec![Vec::new(); lines.len()];
    for (i, l) in lines.iter().enumerate() {
        if let Some(p) = l.parent {
            children[p].push(i);
        }
    }
    children
}

/// Depth-first search: 0 unvisited, 1 on the stack, 2 done. Returns a line on a cycle.
fn find_cycle(
    i: usize,
    lines: &[LayoutLine],
    children: &[Vec<usize>],
    state: &mut [u8],
) -> Option<usize> {
    match state[i] {
        1 => return Some(i),
        2 => return None,
        _ => {}
    }
    state[i] = 1;
    let deps: Vec<usize> = match &lines[i].body {
        LineBody::Formula(terms) => terms.iter().map(|(_, j)| *j).collect(),
        LineBody::Sum => children[i].clone(),
        LineBody::Accounts(_) => Vec::new(),
    };
    for j in deps {
        if let Some(at) = find_cycle(j, lines, children, state) {
            return Some(at);
        }
    }
    state[i] = 2;
    None
}

// ---------------------------------------------------------------------------------------
// Building

/// balances[i]: for column i, net DEBIT balance (debit - credit) per LEAF account code
/// (codes absent = 0). Each leaf with a non-zero balance goes to the one line whose selector
/// matches it best (longest prefix; `:D`/`:C` beats unqualified at equal length; `kind:` is
/// weakest); in-scope leaves that match no line are listed as unassigned.
pub fn build_statement(
    layout: &Layout,
    accounts: &[StatementAccount],
    columns: Vec<ColumnSpec>,
    balances: &[BTreeMap<String, Money>],
    lang: Language,
) -> Statement {
    let by_code: BTreeMap<&str, &StatementAccount> =
        accounts.iter().map(|a| (a.code.as_str(), a)).collect();
    let n = layout.lines.len();
    let ncols = columns.len();
    // Per line: per column, the debit balance of its assigned accounts; and the codes.
    let mut own = vec![vec![Money::ZERO; ncols]; n];
    let mut fed: Vec<BTreeSet<String>> = vec![BTreeSet::new(); n];
    let mut unassigned = Vec::new();
    for (col, bals) in balances.iter().enumerate().take(ncols) {
        for (code, bal) in bals {
            if bal.is_zero() {
                continue;
            }
            let account = by_code.get(code.as_str());
            let kind = account.map(|a| a.kind).unwrap_or_else(|| {
                AccountCode::parse(code)
                    .map(|c| AccountKind::from_pgc_code(&c))
                    .unwrap_or(AccountKind::Asset)
            });
            let mut best: Option<((u8, usize, u8), usize)> = None;
            for (li, line) in layout.lines.iter().enumerate() {
                if let LineBody::Accounts(sels) = &line.body {
                    for s in sels {
                        if let Some(score) = s.score(code, kind, *bal) {
                            if best.is_none_or(|(b, _)| score > b) {
                                best = Some((score, li));
                            }
                        }
                    }
                }
            }
            match best {
                Some((_, li)) => {
                    own[li][col] += *bal;
                    fed[li].insert(code.clone());
                }
                None if layout.in_scope(code, kind) => unassigned.push(Unassigned {
                    column: col,
                    code: code.clone(),
                    name: account.map(|a| a.name.clone()).unwrap_or_default(),
                    balance: *bal,
                }),
                None => {}
            }
        }
    }

    let children = children_of(&layout.lines);
    let mut memo: Vec<Option<(Vec<Money>, BTreeSet<String>)>> = vec![None; n];
    for i in 0..n {
        value_of(i, layout, &children, &own, &fed, ncols, &mut memo);
    }
    let lines = layout
        .lines
        .iter()
        .enumerate()
        .map(|(i, l)| {
            let (values, codes) = memo[i].clone().unwrap_or_default();
            StatementLine {
                key: l.key.clone(),
                code: l.code.clone(),
                label: match lang {
                    Language::Es => l.label_es.clone(),
                    Language::En => l.label_en.clone(),
                },
                depth: l.depth,
                style: match &l.body {
                    LineBody::Accounts(_) => LineStyle::Line,
                    LineBody::Formula(_) => LineStyle::Total,
                    LineBody::Sum if children[i].is_empty() => LineStyle::Line,
                    LineBody::Sum => LineStyle::Heading,
                },
                values,
                accounts: codes.into_iter().collect(),
            }
        })
        .collect::<Vec<_>>();
    let checks = layout
        .checks
        .iter()
        .map(|c| StatementCheck {
            label: match lang {
                Language::Es => c.label_es.clone(),
                Language::En => c.label_en.clone(),
            },
            differences: (0..ncols)
                .map(|col| {
                    c.formula
                        .iter()
                        .map(|(plus, j)| signed(*plus, lines[*j].values[col]))
                        .sum()
                })
                .collect(),
        })
        .collect();
    Statement {
        title: match lang {
            Language::Es => layout.title_es.clone(),
            Language::En => layout.title_en.clone(),
        },
        columns,
        lines,
        checks,
        unassigned,
    }
}

fn signed(plus: bool, m: Money) -> Money {
    if plus {
        m
    } else {
        -m
    }
}

/// A line's values (on its own side) and the codes behind them, memoised. Parsing refused
/// cycles, so the recursion ends.
fn value_of(
    i: usize,
    layout: &Layout,
    children: &[Vec<usize>],
    own: &[Vec<Money>],
    fed: &[BTreeSet<String>],
    ncols: usize,
    memo: &mut Vec<Option<(Vec<Money>, BTreeSet<String>)>>,
) -> (Vec<Money>, BTreeSet<String>) {
    if let Some(v) = &memo[i] {
        return v.clone();
    }
    let line = &layout.lines[i];
    let result = match &line.body {
        LineBody::Accounts(_) => (
            own[i].iter().map(|b| line.side.read(*b)).collect(),
            fed[i].clone(),
        ),
        LineBody::Sum => {
            let mut values = vec![Money::ZERO; ncols];
            let mut codes = BTreeSet::new();
            for &c in &children[i] {
                let (v, k) = value_of(c, layout, children, own, fed, ncols, memo);
                // A child on the other side counts against its parent.
                let same = layout.lines[c].side == line.side;
                for (acc, x) in values.iter_mut().zip(v) {
                    *acc += signed(same, x);
                }
                codes.extend(k);
            }
            (values, codes)
        }
        LineBody::Formula(terms) => {
            let mut values = vec![Money::ZERO; ncols];
            let mut codes = BTreeSet::new();
            for &(plus, j) in terms {
                let (v, k) = value_of(j, layout, children, own, fed, ncols, memo);
                for (acc, x) in values.iter_mut().zip(v) {
                    *acc += signed(plus, x);
                }
                codes.extend(k);
            }
            (values, codes)
        }
    };
    memo[i] = Some(result.clone());
    result
}

// ---------------------------------------------------------------------------------------
// Trial balance and cash flow in the statement shape

/// Trial balance (sumas y saldos) as a multi-column statement: one line per chart row shown
/// at `level` (1 group, 2 subgroup, 3 account, None down to subaccounts) with a movement in
/// some column; values = balance (debit - credit) per column. Rows that only subtotal deeper
/// rows are `Heading`s. One check, "Debit - credit", whose differences are the column totals.
pub fn trial_balance_statement(
    chart: &[ChartAccount],
    columns: Vec<ColumnSpec>,
    totals: &[Vec<AccountTotals>],
    level: Option<u8>,
    lang: Language,
) -> Statement {
    let ncols = columns.len();
    // code -> (name, level, is_group, values)
    let mut rows: BTreeMap<String, (String, u8, bool, Vec<Money>)> = BTreeMap::new();
    let mut differences = Vec::with_capacity(ncols);
    let mut leaves_under: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (col, col_totals) in totals.iter().enumerate().take(ncols) {
        let tb = build_trial_balance(
            chart,
            col_totals,
            TrialBalanceOptions {
                from: columns[col].from,
                to: columns[col].to,
                level,
            },
        );
        for r in &tb.rows {
            let e = rows
                .entry(r.code.clone())
                .or_insert_with(|| (r.name.clone(), r.level, false, vec![Money::ZERO; ncols]));
            e.2 |= r.is_group;
            e.3[col] = r.balance;
        }
        differences.push(tb.total_balance);
        for t in col_totals {
            if t.debit.is_zero() && t.credit.is_zero() {
                continue;
            }
            leaves_under
                .entry(t.code.as_str().to_string())
                .or_default()
                .insert(t.code.as_str().to_string());
        }
    }
    let lines = rows
        .into_iter()
        .map(|(code, (name, lvl, group, values))| {
            let accounts: Vec<String> = leaves_under
                .range(code.clone()..)
                .take_while(|(k, _)| k.starts_with(code.as_str()))
                .flat_map(|(_, v)| v.iter().cloned())
                .collect();
            StatementLine {
                key: code.clone(),
                code: Some(code),
                label: name,
                depth: lvl.saturating_sub(1),
                style: if group {
                    LineStyle::Heading
                } else {
                    LineStyle::Line
                },
                values,
                accounts,
            }
        })
        .collect();
    let (title, check) = match lang {
        Language::Es => ("Balance de sumas y saldos", "Debe - haber"),
        Language::En => ("Trial balance", "Debit - credit"),
    };
    Statement {
        title: title.to_string(),
        columns,
        lines,
        checks: vec![StatementCheck {
            label: check.to_string(),
            differences,
        }],
        unassigned: Vec::new(),
    }
}

/// Cash-flow summary: movements of the cash accounts (group 57) by counterpart 2-digit group.
/// flows[i]: for column i, 2-digit counterpart group -> net cash effect (positive = cash came
/// in); opening/closing: the cash balance at the start/end of each column. Lines: opening
/// cash; "Cobros" (a heading carrying its subtotal) with one line per group whose net in the
/// FIRST column is positive; "Pagos" likewise for the others (values negative); net change;
/// closing cash. Check: opening + net change - closing = 0.
pub fn cash_flow_statement(
    group_names: &BTreeMap<String, String>,
    columns: Vec<ColumnSpec>,
    flows: &[BTreeMap<String, Money>],
    opening: &[Money],
    closing: &[Money],
    lang: Language,
) -> Statement {
    let ncols = columns.len();
    let at = |v: &[Money], col: usize| v.get(col).copied().unwrap_or(Money::ZERO);
    let groups: BTreeSet<&String> = flows.iter().flat_map(|f| f.keys()).collect();
    // A group is a receipt or a payment by the sign of its figures taken together (with
    // monthly columns, the total decides), or of its first non-zero one if they cancel out.
    let first = |g: &str| {
        let each: Vec<Money> = flows.iter().filter_map(|f| f.get(g)).copied().collect();
        let sum: Money = each.iter().copied().sum();
        if sum.is_zero() {
            each.into_iter()
                .find(|m| !m.is_zero())
                .unwrap_or(Money::ZERO)
        } else {
            sum
        }
    };
    let per_col = |g: &str| -> Vec<Money> {
        (0..ncols)
            .map(|c| {
                flows
                    .get(c)
                    .and_then(|f| f.get(g))
                    .copied()
                    .unwrap_or(Money::ZERO)
            })
            .collect()
    };
    let es = lang == Language::Es;
    let t = |a: &str, b: &str| if es { a.to_string() } else { b.to_string() };
    let mut lines = vec![StatementLine {
        key: "opening".into(),
        code: None,
        label: t("Saldo inicial de tesorería", "Opening cash"),
        depth: 0,
        style: LineStyle::Total,
        values: (0..ncols).map(|c| at(opening, c)).collect(),
        accounts: Vec::new(),
    }];
    let mut net = vec![Money::ZERO; ncols];
    for (key, label, inflow) in [
        ("receipts", t("Cobros", "Receipts"), true),
        ("payments", t("Pagos", "Payments"), false),
    ] {
        let members: Vec<&String> = groups
            .iter()
            .copied()
            .filter(|g| {
                let f = first(g);
                if inflow {
                    !f.is_negative() && !f.is_zero()
                } else {
                    f.is_negative() || f.is_zero()
                }
            })
            .filter(|g| per_col(g).iter().any(|m| !m.is_zero()))
            .collect();
        let mut subtotal = vec![Money::ZERO; ncols];
        let mut rows = Vec::new();
        for g in members {
            let values = per_col(g);
            for (s, v) in subtotal.iter_mut().zip(&values) {
                *s += *v;
            }
            rows.push(StatementLine {
                key: format!("{key}.{g}"),
                code: Some(g.clone()),
                label: group_names.get(g).cloned().unwrap_or_default(),
                depth: 1,
                style: LineStyle::Line,
                values,
                accounts: vec![g.clone()],
            });
        }
        for (a, s) in net.iter_mut().zip(&subtotal) {
            *a += *s;
        }
        lines.push(StatementLine {
            key: key.into(),
            code: None,
            label,
            depth: 0,
            style: LineStyle::Heading,
            values: subtotal,
            accounts: rows.iter().flat_map(|r| r.accounts.clone()).collect(),
        });
        lines.extend(rows);
    }
    lines.push(StatementLine {
        key: "net_change".into(),
        code: None,
        label: t("Variación neta de tesorería", "Net change in cash"),
        depth: 0,
        style: LineStyle::Total,
        values: net.clone(),
        accounts: Vec::new(),
    });
    lines.push(StatementLine {
        key: "closing".into(),
        code: None,
        label: t("Saldo final de tesorería", "Closing cash"),
        depth: 0,
        style: LineStyle::Total,
        values: (0..ncols).map(|c| at(closing, c)).collect(),
        accounts: Vec::new(),
    });
    let differences = (0..ncols)
        .map(|c| at(opening, c) + net[c] - at(closing, c))
        .collect();
    Statement {
        title: t("Resumen de tesorería", "Cash-flow summary"),
        columns,
        lines,
        checks: vec![StatementCheck {
            label: t(
                "Saldo inicial + variación - saldo final",
                "Opening + net change - closing",
            ),
            differences,
        }],
        unassigned: Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::chart::parse_template;
    use proptest::prelude::*;

    const PYMES_CHART: &str = include_str!("../../../assets/charts/es-pymes.csv");
    const GENERIC_CHART: &str = include_str!("../../../assets/charts/generic.csv");
    const PL: &str = include_str!("../../../assets/statements/es-pymes-profit-loss.csv");
    const BS: &str = include_str!("../../../assets/statements/es-pymes-balance-sheet.csv");
    const GPL: &str = include_str!("../../../assets/statements/generic-profit-loss.csv");
    const GBS: &str = include_str!("../../../assets/statements/generic-balance-sheet.csv");

    fn layout(text: &str) -> Layout {
        parse_layout(text).unwrap_or_else(|p| panic!("{p:#?}"))
    }
    fn accounts(chart: &str) -> Vec<StatementAccount> {
        parse_template(chart)
            .unwrap()
            .into_iter()
            .map(|a| StatementAccount {
                code: a.code,
                name: a.name,
                kind: a.kind,
            })
            .collect()
    }
    fn eur(s: &str) -> Money {
        Money::parse(s).unwrap()
    }
    fn bal(pairs: &[(&str, &str)]) -> BTreeMap<String, Money> {
        pairs.iter().map(|(c, m)| (c.to_string(), eur(m))).collect()
    }
    fn col(label: &str) -> ColumnSpec {
        ColumnSpec {
            label: label.into(),
            from: NaiveDate::from_ymd_opt(2026, 1, 1),
            to: NaiveDate::from_ymd_opt(2026, 12, 31),
        }
    }
    fn v(s: &Statement, key: &str) -> Vec<String> {
        s.line(key)
            .unwrap_or_else(|| panic!("no line {key}"))
            .values
            .iter()
            .map(|m| m.to_string())
            .collect()
    }

    /// A small year worked out by hand: capital 3000 into bank 1; sales 10000 + 21 % VAT on
    /// credit; a 500 discount (+105 VAT) to the customer; purchases 4000 + 840 VAT on credit;
    /// wages 2000 and social security 600 paid from bank 2 (which goes overdrawn); equipment
    /// 1500 paid from bank 1 and depreciated 300; the customer pays 8000; the supplier is paid
    /// 3000. Balances (debit - credit) sum to zero.
    fn small_company() -> BTreeMap<String, Money> {
        bal(&[
            ("100", "-3000"),
            ("217", "1500"),
            ("281", "-300"),
            ("400", "-1840"),
            ("430", "3495"),
            ("472", "840"),
            ("477", "-1995"),
            ("5720001", "6500"),
            ("5720002", "-2600"),
            ("600", "4000"),
            ("640", "2000"),
            ("642", "600"),
            ("681", "300"),
            ("700", "-10000"),
            ("706", "500"),
        ])
    }

    #[test]
    fn the_shipped_layouts_parse() {
        for text in [PL, BS, GPL, GBS] {
            layout(text);
        }
        let bs = layout(BS);
        assert_eq!(bs.id, "es-pymes-balance-sheet");
        assert_eq!(bs.title_es, "Balance (PYMES)");
        assert_eq!(bs.checks.len(), 1);
    }

    #[test]
    fn every_pymes_profit_and_loss_account_has_a_line() {
        let pl = layout(PL);
        let chart = accounts(PYMES_CHART);
        let mut checked = 0;
        for a in chart.iter().filter(|a| a.code.as_str().len() >= 3) {
            let c = a.code.as_str();
            if c.starts_with('6') || c.starts_with('7') {
                assert!(pl.covers(c, a.kind), "{c} {} has no P&L line", a.name);
                checked += 1;
            }
        }
        assert!(checked > 100, "{checked}");
    }

    #[test]
    fn every_pymes_account_has_a_balance_sheet_line() {
        let bs = layout(BS);
        for a in accounts(PYMES_CHART)
            .iter()
            .filter(|a| a.code.as_str().len() >= 3)
        {
            assert!(
                bs.covers(a.code.as_str(), a.kind),
                "{} {} has no balance sheet line",
                a.code,
                a.name
            );
        }
    }

    #[test]
    fn small_company_profit_and_loss() {
        let s = build_statement(
            &layout(PL),
            &accounts(PYMES_CHART),
            vec![col("2026")],
            &[small_company()],
            Language::Es,
        );
        assert_eq!(s.title, "Cuenta de pérdidas y ganancias (PYMES)");
        assert_eq!(
            v(&s, "1"),
            ["9500.00"],
            "sales 10000 less the 706 discount 500"
        );
        assert_eq!(v(&s, "4"), ["-4000.00"]);
        assert_eq!(v(&s, "6"), ["-2600.00"]);
        assert_eq!(v(&s, "7"), ["0.00"]);
        assert_eq!(v(&s, "8"), ["-300.00"]);
        assert_eq!(v(&s, "A"), ["2600.00"]);
        assert_eq!(v(&s, "B"), ["0.00"]);
        assert_eq!(v(&s, "D"), ["2600.00"]);
        let one = s.line("1").unwrap();
        assert_eq!(one.accounts, ["700", "706"]);
        assert_eq!(one.code.as_deref(), Some("1."));
        assert_eq!(one.style, LineStyle::Line);
        assert_eq!(s.line("A").unwrap().style, LineStyle::Total);
        assert!(s.unassigned.is_empty(), "{:?}", s.unassigned);
        assert!(s.checks.is_empty());
        // Every numbered line of the model is printed, figures or not.
        assert_eq!(s.lines.len(), 22);
    }

    #[test]
    fn small_company_balance_sheet_balances() {
        let s = build_statement(
            &layout(BS),
            &accounts(PYMES_CHART),
            vec![col("31/12/2026")],
            &[small_company()],
            Language::En,
        );
        assert_eq!(s.title, "Balance sheet (SMEs)");
        for (key, expected) in [
            ("ANC.2", "1200.00"),
            ("ANC", "1200.00"),
            ("AC.2.1", "3495.00"),
            ("AC.2.3", "840.00"),
            ("AC.2", "4335.00"),
            ("AC.6", "6500.00"),
            ("AC", "10835.00"),
            ("TA", "12035.00"),
            ("PN.1.1.1", "3000.00"),
            ("PN.1.1", "3000.00"),
            ("PN.1.7", "2600.00"),
            ("PN.1", "5600.00"),
            ("PN", "5600.00"),
            ("PC.2.1", "2600.00"),
            ("PC.4.1", "1840.00"),
            ("PC.4.2", "1995.00"),
            ("PC.4", "3835.00"),
            ("PC", "6435.00"),
            ("PNC", "0.00"),
            ("TPNP", "12035.00"),
        ] {
            assert_eq!(v(&s, key), [expected], "{key}");
        }
        assert_eq!(s.line("AC.6").unwrap().accounts, ["5720001"]);
        assert_eq!(
            s.line("PC.2.1").unwrap().accounts,
            ["5720002"],
            "the overdraft"
        );
        assert_eq!(s.line("ANC.2").unwrap().depth, 2);
        assert_eq!(s.line("AC.2").unwrap().style, LineStyle::Heading);
        assert_eq!(s.line("TA").unwrap().label, "TOTAL ASSETS (A+B)");
        assert_eq!(s.checks[0].differences, [Money::ZERO]);
        assert!(s.is_sound());
    }

    #[test]
    fn an_unbalanced_input_shows_its_exact_difference() {
        let mut b = small_company();
        b.insert("570".into(), eur("12.34"));
        let s = build_statement(
            &layout(BS),
            &accounts(PYMES_CHART),
            vec![col("2026")],
            &[b],
            Language::Es,
        );
        assert_eq!(s.checks[0].differences, [eur("12.34")]);
        assert_eq!(
            s.checks[0].label,
            "El activo no es igual al patrimonio neto y pasivo"
        );
        assert!(!s.is_sound());
    }

    #[test]
    fn an_in_scope_account_without_a_line_is_listed_not_dropped() {
        let mut b = small_company();
        b.insert("677".into(), eur("45.60"));
        let mut accts = accounts(PYMES_CHART);
        accts.push(StatementAccount {
            code: AccountCode::parse("677").unwrap(),
            name: "Gastos excepcionales".into(),
            kind: AccountKind::Expense,
        });
        let s = build_statement(&layout(PL), &accts, vec![col("2026")], &[b], Language::Es);
        assert_eq!(
            s.unassigned,
            [Unassigned {
                column: 0,
                code: "677".into(),
                name: "Gastos excepcionales".into(),
                balance: eur("45.60"),
            }]
        );
        assert_eq!(v(&s, "D"), ["2600.00"], "not silently counted either");

        let small = layout(
            "key,parent,code,side,label_es,label_en,accounts\n\
             @layout,,,,T,T,t\n@scope,,,,,,9\nX,,,D,X,X,1\n",
        );
        let s = build_statement(
            &small,
            &[],
            vec![col("a")],
            &[bal(&[("999", "12"), ("100", "-12"), ("500", "3")])],
            Language::En,
        );
        assert_eq!(s.unassigned.len(), 1, "500 is out of scope: ignored");
        assert_eq!(s.unassigned[0].code, "999");
        assert_eq!(s.unassigned[0].balance, eur("12"));
    }

    #[test]
    fn two_columns_compare_two_periods() {
        let prior = bal(&[("100", "-3000"), ("5720001", "3000")]);
        let s = build_statement(
            &layout(BS),
            &accounts(PYMES_CHART),
            vec![col("2026"), col("2025")],
            &[small_company(), prior],
            Language::Es,
        );
        assert_eq!(v(&s, "TA"), ["12035.00", "3000.00"]);
        assert_eq!(v(&s, "PN.1.7"), ["2600.00", "0.00"]);
        assert_eq!(v(&s, "PC.2.1"), ["2600.00", "0.00"]);
        assert_eq!(s.checks[0].differences, [Money::ZERO, Money::ZERO]);
        assert_eq!(s.columns.len(), 2);
        assert!(s.lines.iter().all(|l| l.values.len() == 2));
    }

    #[test]
    fn selectors_pick_the_longest_prefix_and_the_balance_side() {
        let l = layout(
            "key,parent,code,side,label_es,label_en,accounts\n\
             @layout,,,,T,T,t\n\
             A,,,D,A,A,57 kind:asset\n\
             B,,,C,B,B,572:C\n\
             C,,,D,C,C,5720\n",
        );
        let s = build_statement(
            &l,
            &[],
            vec![col("a")],
            &[bal(&[
                ("5700", "1"),
                ("5721", "-2"),
                ("5720009", "-4"),
                ("200", "8"),
            ])],
            Language::Es,
        );
        assert_eq!(v(&s, "A"), ["9.00"], "5700 by 57, 200 by kind");
        assert_eq!(v(&s, "B"), ["2.00"], "5721 in credit");
        assert_eq!(v(&s, "C"), ["-4.00"], "5720 is longer than 572:C");
    }

    #[test]
    fn parse_errors_name_the_line_and_field() {
        let head = "key,parent,code,side,label_es,label_en,accounts\n@layout,,,,T,T,t\n";
        let err = |body: &str| {
            let p = parse_layout(&format!("{head}{body}")).unwrap_err();
            (
                p[0].row,
                p[0].field.clone().unwrap_or_default(),
                p[0].message.clone(),
            )
        };
        let (row, field, msg) = err("A,,,D,A,A,700\nB,,,D,B,B,70x\n");
        assert_eq!((row, field.as_str()), (Some(4), "accounts"), "{msg}");
        assert!(msg.contains("70x"), "{msg}");
        let (row, field, _) = err("A,Z,,D,A,A,700\n");
        assert_eq!((row, field.as_str()), (Some(3), "parent"));
        let (row, field, _) = err("A,,,,A,A,700\n");
        assert_eq!((row, field.as_str()), (Some(3), "side"));
        let (row, field, _) = err("A,,,X,A,A,700\n");
        assert_eq!((row, field.as_str()), (Some(3), "side"));
        let (row, field, msg) = err("A,,,D,A,A,700\nB,,,D,B,B,700\n");
        assert_eq!((row, field.as_str()), (Some(4), "accounts"));
        assert!(msg.contains("'A'"), "{msg}");
        let (row, field, _) = err("A,,,D,A,A,=B\n");
        assert_eq!((row, field.as_str()), (Some(3), "accounts"));
        let (row, field, msg) = err("H,,,D,H,H,\nA,H,,D,A,A,=H\n");
        assert_eq!((row, field.as_str()), (Some(3), "accounts"), "{msg}");
        assert!(msg.contains("depends on itself"), "{msg}");
        let (row, field, _) = err("A,,,D,A,A,700\nA,,,D,A,A,701\n");
        assert_eq!((row, field.as_str()), (Some(4), "key"));
        let (row, field, _) = err("A,,,D,A\n");
        assert_eq!((row, field.as_str()), (Some(3), "line"));
        let p = parse_layout("code,name\n").unwrap_err();
        assert_eq!(p[0].row, Some(1));
        let p = parse_layout("key,parent,code,side,label_es,label_en,accounts\nA,,,D,A,A,1\n")
            .unwrap_err();
        assert!(p[0].message.contains("@layout"));
    }

    #[test]
    fn the_generic_statements_read_by_kind() {
        let b = bal(&[
            ("100", "-1000"),
            ("572", "1700"),
            ("280", "-100"),
            ("210", "600"),
            ("400", "-300"),
            ("700", "-2000"),
            ("600", "900"),
            ("681", "100"),
            ("621", "100"),
        ]);
        let accts = accounts(GENERIC_CHART);
        let pl = build_statement(
            &layout(GPL),
            &accts,
            vec![col("a")],
            std::slice::from_ref(&b),
            Language::En,
        );
        assert_eq!(v(&pl, "INC"), ["2000.00"]);
        assert_eq!(v(&pl, "EXP"), ["1100.00"]);
        assert_eq!(v(&pl, "NET"), ["900.00"]);
        let bs = build_statement(&layout(GBS), &accts, vec![col("a")], &[b], Language::En);
        assert_eq!(v(&bs, "TA"), ["2200.00"]);
        assert_eq!(v(&bs, "LIAB"), ["300.00"]);
        assert_eq!(v(&bs, "EQ.1"), ["1000.00"]);
        assert_eq!(v(&bs, "EQ.2"), ["900.00"]);
        assert_eq!(v(&bs, "TLE"), ["2200.00"]);
        assert!(bs.is_sound());
    }

    #[test]
    fn trial_balance_statement_has_one_column_per_period() {
        let code = |c: &str| AccountCode::parse(c).unwrap();
        let chart: Vec<ChartAccount> = [
            ("5", "Financieras"),
            ("57", "Tesorería"),
            ("572", "Bancos"),
            ("5720001", "Banco"),
            ("7", "Ventas"),
            ("700", "Ventas"),
        ]
        .iter()
        .map(|(c, n)| ChartAccount {
            code: code(c),
            name: n.to_string(),
        })
        .collect();
        let t = |c: &str, d: i64, k: i64| AccountTotals {
            code: code(c),
            debit: Money::from_cents(d),
            credit: Money::from_cents(k),
        };
        let s = trial_balance_statement(
            &chart,
            vec![col("ene"), col("feb")],
            &[
                vec![t("5720001", 1000, 0), t("700", 0, 1000)],
                vec![t("5720001", 500, 0), t("700", 0, 400)],
            ],
            None,
            Language::En,
        );
        assert_eq!(v(&s, "5720001"), ["10.00", "5.00"]);
        assert_eq!(v(&s, "700"), ["-10.00", "-4.00"]);
        assert_eq!(v(&s, "5"), ["10.00", "5.00"]);
        assert_eq!(s.line("5").unwrap().style, LineStyle::Heading);
        assert_eq!(s.line("5").unwrap().accounts, ["5720001"]);
        assert_eq!(s.line("572").unwrap().depth, 2);
        assert_eq!(s.checks[0].label, "Debit - credit");
        assert_eq!(s.checks[0].differences, [Money::ZERO, eur("1.00")]);
        let groups = trial_balance_statement(
            &chart,
            vec![col("a")],
            &[vec![t("5720001", 1, 0)]],
            Some(1),
            Language::Es,
        );
        assert_eq!(groups.lines.len(), 1);
        assert_eq!(groups.lines[0].style, LineStyle::Line);
    }

    #[test]
    fn cash_flow_groups_receipts_and_payments_by_their_figures_together() {
        let names: BTreeMap<String, String> = [
            ("43", "Clientes"),
            ("40", "Proveedores"),
            ("64", "Gastos de personal"),
            ("17", "Deudas a largo plazo"),
        ]
        .iter()
        .map(|(c, n)| (c.to_string(), n.to_string()))
        .collect();
        let flows = [
            bal(&[("43", "800"), ("40", "-300"), ("64", "-200"), ("17", "0")]),
            bal(&[("43", "-50"), ("40", "-100"), ("17", "1000")]),
        ];
        let s = cash_flow_statement(
            &names,
            vec![col("2026"), col("2025")],
            &flows,
            &[eur("100"), eur("0")],
            &[eur("400"), eur("850")],
            Language::Es,
        );
        let keys: Vec<&str> = s.lines.iter().map(|l| l.key.as_str()).collect();
        assert_eq!(
            keys,
            [
                "opening",
                "receipts",
                "receipts.17",
                "receipts.43",
                "payments",
                "payments.40",
                "payments.64",
                "net_change",
                "closing"
            ]
        );
        // Regression: a loan received only in the comparison year (0 this year) was listed
        // under payments.
        assert_eq!(v(&s, "receipts.17"), ["0.00", "1000.00"]);
        assert_eq!(v(&s, "receipts"), ["800.00", "950.00"]);
        assert_eq!(v(&s, "payments"), ["-500.00", "-100.00"]);
        assert_eq!(v(&s, "net_change"), ["300.00", "850.00"]);
        assert_eq!(s.line("receipts.43").unwrap().label, "Clientes");
        assert_eq!(s.checks[0].differences, [Money::ZERO, Money::ZERO]);
        let off = cash_flow_statement(
            &names,
            vec![col("a")],
            &flows[..1],
            &[eur("0")],
            &[eur("1")],
            Language::En,
        );
        assert_eq!(off.checks[0].differences, [eur("299")], "0 + 300 - 1");
    }

    fn pymes_leaves() -> Vec<String> {
        let chart = accounts(PYMES_CHART);
        chart
            .iter()
            .filter(|a| !chart.iter().any(|b| a.code.is_prefix_of(&b.code)))
            .map(|a| a.code.as_str().to_string())
            .collect()
    }

    proptest! {
        #[test]
        fn balanced_pymes_books_always_give_a_balanced_balance_sheet(
            moves in prop::collection::vec((0usize..1000, 0usize..1000, 1i64..100_000_000), 0..60)
        ) {
            let leaves = pymes_leaves();
            let mut b: BTreeMap<String, Money> = BTreeMap::new();
            for (d, c, cents) in moves {
                *b.entry(leaves[d % leaves.len()].clone()).or_default() += Money::from_cents(cents);
                *b.entry(leaves[c % leaves.len()].clone()).or_default() -= Money::from_cents(cents);
            }
            let s = build_statement(&layout(BS), &accounts(PYMES_CHART), vec![col("a")], &[b.clone()], Language::Es);
            prop_assert_eq!(&s.checks[0].differences, &vec![Money::ZERO]);
            prop_assert!(s.unassigned.is_empty(), "{:?}", s.unassigned);
            let pl = build_statement(&layout(PL), &accounts(PYMES_CHART), vec![col("a")], &[b.clone()], Language::Es);
            prop_assert!(pl.unassigned.is_empty());
            // VII. Resultado del ejercicio = the P&L result plus what 129 already holds.
            let b129 = b.get("129").copied().unwrap_or_default();
            prop_assert_eq!(pl.line("D").unwrap().values[0] - b129, s.line("PN.1.7").unwrap().values[0]);
        }
    }
}
