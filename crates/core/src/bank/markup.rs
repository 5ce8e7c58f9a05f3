//! A small tag scanner for the XML of CAMT.053 and OFX 2 and the SGML of OFX 1 (tags without
//! closing tags): elements by local name (namespaces ignored), attributes, text with the
//! predefined and numeric entities. The tree lives in one arena, so neither building nor
//! dropping it recurses, and nesting is capped.

use super::problem;
use crate::{Problem, ProblemCode};

const MAX_DEPTH: usize = 256;

#[derive(Debug)]
pub(crate) struct Node {
    pub name: String,
    pub attrs: Vec<(String, String)>,
    pub text: String,
    pub children: Vec<usize>,
    pub line: u32,
}

/// Node 0 is a root above the document element.
#[derive(Debug)]
pub(crate) struct Doc {
    pub nodes: Vec<Node>,
}

enum Tok {
    Open {
        name: String,
        attrs: Vec<(String, String)>,
        empty: bool,
        line: u32,
    },
    Close {
        name: String,
        line: u32,
    },
    Text {
        text: String,
    },
}

fn bad(line: u32, msg: impl Into<String>) -> Problem {
    problem(ProblemCode::InvalidCode, line, "xml", msg)
}

fn lines_in(s: &str) -> u32 {
    u32::try_from(s.bytes().filter(|&b| b == b'\n').count()).unwrap_or(u32::MAX)
}

fn local(name: &str) -> &str {
    name.rsplit(':').next().unwrap_or(name)
}

fn tokenize(s: &str) -> Result<Vec<Tok>, Problem> {
    let b = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    let mut line: u32 = 1;
    while i < b.len() {
        if b[i] != b'<' {
            let j = s[i..].find('<').map_or(b.len(), |k| i + k);
            let raw = &s[i..j];
            if !raw.trim().is_empty() {
                out.push(Tok::Text {
                    text: unescape(raw),
                });
            }
            line = line.saturating_add(lines_in(raw));
            i = j;
            continue;
        }
        let rest = &s[i..];
        let skip_to = |open: usize, close: &str, what: &str| -> Result<usize, Problem> {
            rest[open..]
                .find(close)
                .map(|k| open + k + close.len())
                .ok_or_else(|| bad(line, format!("{what} that never ends")))
        };
        if rest.starts_with("<!--") {
            let n = skip_to(4, "-->", "a comment")?;
            line = line.saturating_add(lines_in(&rest[..n]));
            i += n;
            continue;
        }
        if rest.starts_with("<![CDATA[") {
            let n = skip_to(9, "]]>", "a CDATA section")?;
            let text = &rest[9..n - 3];
            if !text.trim().is_empty() {
                out.push(Tok::Text {
                    text: text.to_string(),
                });
            }
            line = line.saturating_add(lines_in(&rest[..n]));
            i += n;
            continue;
        }
        if rest.starts_with("<?") {
            let n = skip_to(2, "?>", "a declaration")?;
            line = line.saturating_add(lines_in(&rest[..n]));
            i += n;
            continue;
        }
        if rest.starts_with("<!") {
            let n = skip_to(2, ">", "a declaration")?;
            line = line.saturating_add(lines_in(&rest[..n]));
            i += n;
            continue;
        }
        // A tag: up to the '>' outside quotes.
        let rb = rest.as_bytes();
        let mut quote = 0u8;
        let mut end = None;
        for (k, &c) in rb.iter().enumerate().skip(1) {
            if quote != 0 {
                if c == quote {
                    quote = 0;
                }
            } else if c == b'"' || c == b'\'' {
                quote = c;
            } else if c == b'>' {
                end = Some(k);
                break;
            } else if c == b'<' {
                break;
            }
        }
        let Some(end) = end else {
            return Err(bad(line, "a tag that is not closed with '>'"));
        };
        let inner = &rest[1..end];
        let tag_line = line;
        line = line.saturating_add(lines_in(inner));
        i += end + 1;
        if let Some(name) = inner.strip_prefix('/') {
            let name = name.trim();
            if !valid_name(name) {
                return Err(bad(tag_line, format!("'</{name}>' is not a tag")));
            }
            out.push(Tok::Close {
                name: local(name).to_string(),
                line: tag_line,
            });
            continue;
        }
        let (inner, empty) = match inner.strip_suffix('/') {
            Some(x) => (x, true),
            None => (inner, false),
        };
        let name_end = inner
            .find(|c: char| c.is_whitespace())
            .unwrap_or(inner.len());
        let name = &inner[..name_end];
        if !valid_name(name) {
            return Err(bad(tag_line, format!("'<{name}>' is not a tag")));
        }
        let attrs = attributes(&inner[name_end..]).ok_or_else(|| {
            bad(
                tag_line,
                format!("the attributes of <{name}> are malformed"),
            )
        })?;
        out.push(Tok::Open {
            name: local(name).to_string(),
            attrs,
            empty,
            line: tag_line,
        });
    }
    Ok(out)
}

fn valid_name(name: &str) -> bool {
    !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, ':' | '_' | '-' | '.'))
}

fn attributes(mut s: &str) -> Option<Vec<(String, String)>> {
    let mut out = Vec::new();
    loop {
        s = s.trim_start();
        if s.is_empty() {
            return Some(out);
        }
        let eq = s.find('=')?;
        let key = s[..eq].trim();
        if !valid_name(key) {
            return None;
        }
        s = s[eq + 1..].trim_start();
        let q = s.chars().next()?;
        if q != '"' && q != '\'' {
            return None;
        }
        let close = s[1..].find(q)? + 1;
        out.push((local(key).to_string(), unescape(&s[1..close])));
        s = &s[close + 1..];
    }
}

fn unescape(s: &str) -> String {
    if !s.contains('&') {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(k) = rest.find('&') {
        out.push_str(&rest[..k]);
        rest = &rest[k..];
        let semi = rest.find(';').filter(|&n| n <= 12);
        let decoded = semi.and_then(|n| {
            let ent = &rest[1..n];
            let c = match ent {
                "lt" => Some('<'),
                "gt" => Some('>'),
                "amp" => Some('&'),
                "quot" => Some('"'),
                "apos" => Some('\''),
                "nbsp" => Some(' '),
                _ => {
                    let num = if let Some(h) = ent.strip_prefix("#x").or(ent.strip_prefix("#X")) {
                        u32::from_str_radix(h, 16).ok()
                    } else if let Some(d) = ent.strip_prefix('#') {
                        d.parse::<u32>().ok()
                    } else {
                        None
                    };
                    num.and_then(char::from_u32)
                }
            };
            c.map(|c| (c, n))
        });
        match decoded {
            Some((c, n)) => {
                out.push(c);
                rest = &rest[n + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// Tells the SGML reading which elements hold other elements.
pub(crate) type IsAggregate = fn(&str) -> bool;

/// Parses a document. `sgml`: elements may lack their closing tag (OFX 1): an element that
/// is not an aggregate, or that holds text and no children, ends where the next tag begins,
/// and a closing tag for an element not open is ignored. Without it closing tags must match
/// (XML).
pub(crate) fn parse(s: &str, sgml_aggregates: Option<IsAggregate>) -> Result<Doc, Problem> {
    let sgml = sgml_aggregates.is_some();
    let is_aggregate = sgml_aggregates.unwrap_or(|_| true);
    let toks = tokenize(s)?;
    let mut nodes = vec![Node {
        name: String::new(),
        attrs: Vec::new(),
        text: String::new(),
        children: Vec::new(),
        line: 1,
    }];
    let mut stack: Vec<usize> = vec![0];
    for t in toks {
        if sgml {
            let top = *stack.last().unwrap_or(&0);
            let leaf = top != 0
                && nodes[top].children.is_empty()
                && (!nodes[top].text.trim().is_empty() || !is_aggregate(&nodes[top].name));
            let implicit = match &t {
                Tok::Open { .. } => leaf,
                Tok::Close { name, .. } => leaf && *name != nodes[top].name,
                Tok::Text { .. } => false,
            };
            if implicit {
                stack.pop();
            }
        }
        match t {
            Tok::Open {
                name,
                attrs,
                empty,
                line,
            } => {
                let parent = *stack.last().unwrap_or(&0);
                let id = nodes.len();
                nodes.push(Node {
                    name,
                    attrs,
                    text: String::new(),
                    children: Vec::new(),
                    line,
                });
                nodes[parent].children.push(id);
                if !empty {
                    if stack.len() > MAX_DEPTH {
                        return Err(bad(line, "elements nested too deeply"));
                    }
                    stack.push(id);
                }
            }
            Tok::Close { name, line } => {
                if sgml {
                    if let Some(pos) = stack.iter().rposition(|&n| n != 0 && nodes[n].name == name)
                    {
                        stack.truncate(pos);
                    }
                } else {
                    let top = *stack.last().unwrap_or(&0);
                    if top == 0 || nodes[top].name != name {
                        let open = if top == 0 {
                            "no element is open".to_string()
                        } else {
                            format!("<{}> (line {}) is open", nodes[top].name, nodes[top].line)
                        };
                        return Err(bad(line, format!("</{name}> closes nothing: {open}")));
                    }
                    stack.pop();
                }
            }
            Tok::Text { text } => {
                let top = *stack.last().unwrap_or(&0);
                if top == 0 && !sgml {
                    return Err(bad(
                        1,
                        format!(
                            "text outside the document element: '{}'",
                            text.trim().chars().take(40).collect::<String>()
                        ),
                    ));
                }
                nodes[top].text.push_str(&text);
            }
        }
    }
    if !sgml && stack.len() > 1 {
        let top = stack[stack.len() - 1];
        return Err(bad(
            nodes[top].line,
            format!("<{}> is never closed", nodes[top].name),
        ));
    }
    Ok(Doc { nodes })
}

impl Doc {
    pub fn name(&self, n: usize) -> &str {
        &self.nodes[n].name
    }
    pub fn line(&self, n: usize) -> u32 {
        self.nodes[n].line
    }
    /// The trimmed text of an element.
    pub fn text(&self, n: usize) -> &str {
        self.nodes[n].text.trim()
    }
    pub fn attr(&self, n: usize, key: &str) -> Option<&str> {
        self.nodes[n]
            .attrs
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }
    pub fn children<'a>(&'a self, n: usize, name: &'a str) -> impl Iterator<Item = usize> + 'a {
        self.nodes[n]
            .children
            .iter()
            .copied()
            .filter(move |&c| self.nodes[c].name.eq_ignore_ascii_case(name))
    }
    pub fn child(&self, n: usize, name: &str) -> Option<usize> {
        self.children(n, name).next()
    }
    /// The first element down a path of child names.
    pub fn at(&self, n: usize, path: &[&str]) -> Option<usize> {
        path.iter().try_fold(n, |cur, p| self.child(cur, p))
    }
    /// The text at a path, "" when absent.
    pub fn text_at(&self, n: usize, path: &[&str]) -> &str {
        self.at(n, path).map_or("", |x| self.text(x))
    }
    /// Every element named `name` below `n`, in document order.
    pub fn descendants(&self, n: usize, name: &str) -> Vec<usize> {
        let mut out = Vec::new();
        let mut todo: Vec<usize> = self.nodes[n].children.iter().rev().copied().collect();
        while let Some(c) = todo.pop() {
            if self.nodes[c].name.eq_ignore_ascii_case(name) {
                out.push(c);
            }
            todo.extend(self.nodes[c].children.iter().rev().copied());
        }
        out
    }
}
