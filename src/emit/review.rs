//! The review page: one self-contained static HTML file (no network, no
//! external assets) listing each document's figures, each highlighted inside
//! its sentence, with filters, counts per indicator and a bar chart of an
//! indicator's values by place and year. Every piece of article text is
//! escaped: an article containing `<script>` shows it as text. Takes the
//! records of a run (read back by `cmd::review`); gives the page's HTML,
//! which `cmd::review` writes as `review.html`. No stage follows.

use crate::cite::squash;
use crate::record::Record;
use std::collections::BTreeMap;
use std::fmt::Write;

/// Escapes text for HTML element content and attribute values.
pub fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// The sentence with the figure marked (escaped), or the sentence and the quote apart.
fn highlighted(r: &Record) -> String {
    let sentence = &r.citation.sentence;
    let quote = squash(&crate::normalize::normalize_str(&r.citation.quote).s).into_owned();
    match sentence.find(&quote) {
        Some(i) => format!(
            "{}<mark>{}</mark>{}",
            esc(&sentence[..i]),
            esc(&quote),
            esc(&sentence[i + quote.len()..])
        ),
        None => format!("{} <mark>{}</mark>", esc(sentence), esc(&r.citation.quote)),
    }
}

fn value_text(r: &Record) -> String {
    let num = |v: f64| {
        if v.fract() == 0.0 {
            format!("{}", v as i64)
        } else {
            format!("{v}")
        }
    };
    if let Some(d) = &r.date {
        return d.clone();
    }
    let mut s = r.value.map(num).unwrap_or_default();
    if let Some(m) = r.value_max {
        s = format!("{s}–{}", num(m));
    }
    if let Some(d) = r.denominator {
        s = format!("{s}/{}", num(d));
    }
    if r.kind == "percent" {
        s.push('%');
    }
    if let Some(c) = &r.currency {
        s = format!("{s} {c}");
    }
    s
}

const STYLE: &str = "body{font:14px/1.45 system-ui,sans-serif;margin:1.5em;color:#222}
table{border-collapse:collapse;width:100%}td,th{border-bottom:1px solid #ddd;padding:4px 6px;vertical-align:top;text-align:left}
mark{background:#ffe066;font-weight:600}.src{color:#666;font-size:12px}.hidden{display:none}
#filters{position:sticky;top:0;background:#fff;padding:.5em 0;border-bottom:2px solid #333}
#filters select,#filters input{margin-right:.5em}.chart rect{fill:#4c7bd9}.chart text{font-size:11px}
h2{margin-top:1.5em}#counts{columns:4;font-size:12px;padding-left:1em}";

const SCRIPT: &str = "
function applyFilters(){
  var f={indicator:document.getElementById('f-indicator').value,kind:document.getElementById('f-kind').value,
    status:document.getElementById('f-status').value,doc:document.getElementById('f-doc').value,
    text:document.getElementById('f-text').value.toLowerCase()};
  var rows=document.querySelectorAll('tr.fig'),shown=0;
  for(var i=0;i<rows.length;i++){var r=rows[i],ok=(!f.indicator||r.dataset.indicator===f.indicator)&&(!f.kind||r.dataset.kind===f.kind)
    &&(!f.status||r.dataset.status===f.status)&&(!f.doc||r.dataset.doc===f.doc)&&(!f.text||r.textContent.toLowerCase().indexOf(f.text)>=0);
    r.classList.toggle('hidden',!ok);if(ok)shown++;}
  document.getElementById('shown').textContent=shown;
}
function dec(s){try{return decodeURIComponent(s);}catch(e){return s;}}
function fromHash(){
  var h=location.hash.slice(1).split('&');
  for(var i=0;i<h.length;i++){var k=h[i].indexOf('=');if(k<0)continue;
    var el=document.getElementById('f-'+dec(h[i].slice(0,k)));if(el)el.value=dec(h[i].slice(k+1));}
  applyFilters();
}
document.addEventListener('DOMContentLoaded',function(){
  var ids=['f-indicator','f-kind','f-status','f-doc','f-text'];
  for(var i=0;i<ids.length;i++){document.getElementById(ids[i]).addEventListener('input',applyFilters);}
  fromHash();
});";

fn options(values: impl IntoIterator<Item = String>) -> String {
    let mut s = String::from("<option value=\"\">all</option>");
    for v in values {
        let _ = write!(s, "<option value=\"{0}\">{0}</option>", esc(&v));
    }
    s
}

/// Bar charts of percent values by place and year, for indicators with at least three.
fn charts(records: &[Record]) -> String {
    let mut by: BTreeMap<&str, Vec<&Record>> = BTreeMap::new();
    for r in records
        .iter()
        .filter(|r| r.kind == "percent" && r.change.is_none())
    {
        if let (Some(i), Some(_)) = (&r.indicator, r.value) {
            by.entry(i.as_str()).or_default().push(r);
        }
    }
    let mut out = String::new();
    for (ind, rs) in by.iter().filter(|(_, rs)| rs.len() >= 3) {
        let h = 18 * rs.len() + 10;
        let _ = write!(out, "<figure><figcaption>{}</figcaption><svg class=\"chart\" width=\"640\" height=\"{h}\" role=\"img\">", esc(ind));
        for (k, r) in rs.iter().enumerate() {
            let v = r.value.unwrap_or(0.0).clamp(0.0, 100.0);
            let label = format!(
                "{} {} {}",
                r.place.as_deref().unwrap_or("?"),
                r.year.map(|y| y.to_string()).unwrap_or_else(|| "–".into()),
                r.status.as_deref().unwrap_or("")
            );
            let y = 18 * k;
            let _ = write!(
                out,
                "<text x=\"0\" y=\"{}\">{}</text><rect x=\"220\" y=\"{}\" width=\"{:.1}\" height=\"14\"></rect><text x=\"{:.1}\" y=\"{}\">{}</text>",
                y + 12,
                esc(&label),
                y,
                v * 3.6,
                226.0 + v * 3.6,
                y + 12,
                esc(&value_text(r))
            );
        }
        out.push_str("</svg></figure>");
    }
    out
}

/// What the page says of every record, shown or not.
#[derive(Debug, Default)]
pub struct Overall {
    /// Records read.
    pub figures: usize,
    /// Documents they cite (each run of records of one document counts once).
    pub documents: usize,
    /// Records per indicator id (`(none)` for none).
    pub per_indicator: BTreeMap<String, usize>,
}

impl Overall {
    /// Counts one record (its document is counted by the caller).
    pub fn add(&mut self, r: &Record) {
        self.figures += 1;
        let k = r.indicator.as_deref().unwrap_or("(none)");
        match self.per_indicator.get_mut(k) {
            Some(n) => *n += 1,
            None => {
                self.per_indicator.insert(k.to_string(), 1);
            }
        }
    }
}

/// Renders the review page: `records` in the table and charts, `all` in the
/// header and the counts per indicator (more than shown when the run was cut).
pub fn render(records: &[Record], all: &Overall) -> String {
    let set = |f: &dyn Fn(&Record) -> Option<String>| {
        records
            .iter()
            .filter_map(f)
            .collect::<std::collections::BTreeSet<String>>()
    };
    let mut html = String::new();
    let _ = write!(
        html,
        "<!DOCTYPE html><html lang=\"vi\"><head><meta charset=\"utf-8\"><title>solieu review</title><style>{STYLE}</style></head><body>\
         <h1>solieu review</h1><p>{} figures in {} documents; <span id=\"shown\">{}</span> shown.</p>",
        all.figures,
        all.documents,
        records.len()
    );
    if records.len() < all.figures {
        let _ = write!(
            html,
            "<p class=\"cut\">This page holds the first {} figures ({} documents); the counts \
             per indicator cover all {}. Run <code>solieu review --max-figures N</code> for more.</p>",
            records.len(),
            set(&|r| Some(r.doc.path.clone())).len(),
            all.figures
        );
    }
    let _ = write!(
        html,
        "<div id=\"filters\">indicator <select id=\"f-indicator\">{}</select> kind <select id=\"f-kind\">{}</select> \
         status <select id=\"f-status\">{}</select> document <select id=\"f-doc\">{}</select> \
         text <input id=\"f-text\" type=\"search\" placeholder=\"search\"></div>",
        options(set(&|r| r.indicator.clone())),
        options(set(&|r| Some(r.kind.clone()))),
        options(set(&|r| r.status.clone())),
        options(set(&|r| Some(r.doc.path.clone()))),
    );
    html.push_str("<h2>Figures per indicator</h2><ul id=\"counts\">");
    for (k, n) in &all.per_indicator {
        let _ = write!(html, "<li>{} <b>{n}</b></li>", esc(k));
    }
    html.push_str("</ul>");
    let charts = charts(records);
    if !charts.is_empty() {
        html.push_str("<h2>Values by place and year</h2>");
        html.push_str(&charts);
    }
    figures_table(&mut html, records);
    let _ = writeln!(html, "</table><script>{SCRIPT}</script></body></html>");
    html
}

/// The table of figures, grouped by document, each in its sentence.
fn figures_table(html: &mut String, records: &[Record]) {
    let mut by_doc: BTreeMap<&str, Vec<&Record>> = BTreeMap::new();
    for r in records {
        by_doc.entry(r.doc.path.as_str()).or_default().push(r);
    }
    html.push_str("<h2>Figures</h2><table id=\"figures\"><tr><th>figure in its sentence</th><th>value</th><th>kind</th><th>indicator</th><th>status</th><th>year</th><th>place</th><th>qualifier</th></tr>");
    for (doc, rs) in by_doc {
        let _ = write!(html, "<tr><th colspan=\"8\">{}</th></tr>", esc(doc));
        for r in rs {
            let c = &r.citation;
            let _ = write!(
                html,
                "<tr class=\"fig\" data-indicator=\"{}\" data-kind=\"{}\" data-status=\"{}\" data-doc=\"{}\"><td>{}<div class=\"src\">{}:{}:{} [{}..{}]</div></td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                esc(r.indicator.as_deref().unwrap_or("")),
                esc(&r.kind),
                esc(r.status.as_deref().unwrap_or("")),
                esc(&r.doc.path),
                highlighted(r),
                esc(&r.doc.path),
                c.line,
                c.column,
                c.start,
                c.end,
                esc(&value_text(r)),
                esc(&r.kind),
                esc(r.indicator.as_deref().unwrap_or("–")),
                esc(r.status.as_deref().unwrap_or("–")),
                r.year.map(|y| y.to_string()).unwrap_or_else(|| "–".into()),
                esc(r.place.as_deref().unwrap_or("–")),
                esc(&r.qualifier),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn article_markup_is_escaped() {
        assert_eq!(
            esc("<script>alert('x')</script> & \"q\""),
            "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;q&quot;"
        );
    }
}
