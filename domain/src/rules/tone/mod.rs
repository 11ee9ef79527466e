//! The respectful-tone check. A template or message that threatens,
//! harasses, shames, involves other people, shouts or misstates the law is
//! flagged before it is saved, sent or printed, with the category, the
//! words found and why it is a problem. Firm is fine; frightening is not.
//!
//! The categories are the unfair practices regulators list for debt
//! collection (see [`Category::basis`] for each one's sources):
//! - US: the Fair Debt Collection Practices Act, 15 U.S.C. §1692d
//!   (harassment or abuse), §1692e (false or misleading representations),
//!   §1692f (unfair practices), §1692c(b) (third parties), and the CFPB's
//!   Regulation F, 12 CFR 1006.6, 1006.14, 1006.18;
//! - UK: s.40 of the Administration of Justice Act 1970 (demands
//!   "calculated to subject him or members of his family or household to
//!   alarm, distress or humiliation", false claims that criminal
//!   proceedings lie, false claims of official authority or official
//!   documents); the FCA's CONC 7 (7.3.10 pressure, 7.9 contact and third
//!   parties, 7.11 authority and legal position); the OFT's Debt Collection
//!   Guidance (OFT664), whose examples CONC 7 carries over;
//! - EU: the Unfair Commercial Practices Directive 2005/29/EC, Art. 8–9
//!   (aggressive practices: harassment, coercion, "threatening or abusive
//!   language or behaviour", "any threat to take any action that cannot
//!   legally be taken") and Annex I point 25 (home visits); in Germany §4a
//!   UWG, in France Code de la consommation L121-6 and L121-7.
//!
//! How it matches: the text is split into sentences and normalised (see
//! [`normal`]). A rule is a set of word families ("slots") that must all
//! occur within a few words of each other in one sentence, in any order
//! unless the rule says otherwise. A word family lists whole words and
//! stems (`garnish*` covers garnish, garnished, garnishing, garnishment).
//! Some rules are cancelled by a negation just before them ("nobody will
//! be arrested"), some by words that show a lawful, truthful statement
//! ("after a court judgment, bailiffs could…"). Legal next steps (an
//! agency, court) are allowed only in a final notice. There is no
//! statistical score: every flag is one readable rule.

mod de;
mod en;
pub mod eval;
mod fr;
pub mod normal;
mod why;

use normal::{Sentence, Token};
use serde::Serialize;
use std::collections::HashMap;
use std::sync::OnceLock;

/// The kinds of problem the check names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Category {
    Threat,
    FalseConsequence,
    Pressure,
    ThirdParty,
    Humiliation,
    Authority,
    Shouting,
}

impl Category {
    pub const ALL: [Category; 7] = [
        Category::Threat,
        Category::FalseConsequence,
        Category::Pressure,
        Category::ThirdParty,
        Category::Humiliation,
        Category::Authority,
        Category::Shouting,
    ];

    /// The id used in JSON and the corpus.
    pub fn id(self) -> &'static str {
        match self {
            Category::Threat => "threat",
            Category::FalseConsequence => "false_consequence",
            Category::Pressure => "pressure",
            Category::ThirdParty => "third_party",
            Category::Humiliation => "humiliation",
            Category::Authority => "authority",
            Category::Shouting => "shouting",
        }
    }

    pub fn from_id(id: &str) -> Option<Category> {
        Category::ALL.into_iter().find(|c| c.id() == id)
    }

    /// The name shown to the owner.
    pub fn name(self) -> &'static str {
        match self {
            Category::Threat => "Threat of harm, a visit or force",
            Category::FalseConsequence => "False or exaggerated consequences",
            Category::Pressure => "Veiled threat or pressure",
            Category::ThirdParty => "Telling other people about the debt",
            Category::Humiliation => "Humiliating or insulting",
            Category::Authority => "Authority or legal steps misstated",
            Category::Shouting => "Shouting",
        }
    }

    /// Where regulators say so.
    pub fn basis(self) -> &'static str {
        match self {
            Category::Threat => {
                "FDCPA §1692d(1) (threat of violence or harm); Regulation F 12 CFR 1006.14; \
                 Administration of Justice Act 1970 s.40(1)(a) (alarm, distress); CONC 7.9.14 (visits); \
                 UCPD 2005/29/EC Art. 9(b) and Annex I point 25 (personal visits)"
            }
            Category::FalseConsequence => {
                "FDCPA §1692e(4), (5), (7) (arrest, seizure, garnishment not lawful or intended; \
                 a crime alleged); Regulation F 12 CFR 1006.18; Administration of Justice Act 1970 s.40(1)(b) \
                 (criminal proceedings falsely claimed); CONC 7.11.6; UCPD Art. 9(e) (action that cannot legally be taken)"
            }
            Category::Pressure => {
                "FDCPA §1692d (conduct whose natural consequence is to harass, oppress or abuse) and §1692d(5) \
                 (repeated calls); Administration of Justice Act 1970 s.40(1)(a); CONC 7.3.10 (pressure to pay \
                 in an unreasonably short time or by borrowing or selling the home); OFT Debt Collection Guidance \
                 (physical or psychological harassment); UCPD Art. 8 and 9(b)"
            }
            Category::ThirdParty => {
                "FDCPA §1692c(b) (communication with third parties) and §1692d(3) (publishing lists of debtors); \
                 Regulation F 12 CFR 1006.6(d); Administration of Justice Act 1970 s.40(1)(a) (threat of publicity, \
                 the debtor's family); CONC 7.9.6 and 7.9.10 (disclosure to third parties, public embarrassment)"
            }
            Category::Humiliation => {
                "FDCPA §1692d(2) (obscene, profane or abusive language); Administration of Justice Act 1970 \
                 s.40(1)(a) (humiliation); UCPD Art. 9(b) (abusive language); OFT Debt Collection Guidance \
                 (demeaning language)"
            }
            Category::Authority => {
                "FDCPA §1692e(1), (3), (5), (9) (implied official connection, false legal status, action not \
                 intended); Administration of Justice Act 1970 s.40(1)(c), (d) (official capacity or documents \
                 falsely claimed); CONC 7.11.1, 7.11.3, 7.11.6"
            }
            Category::Shouting => {
                "Administration of Justice Act 1970 s.40(1)(a) (the manner of a demand); FDCPA §1692d \
                 (abusive manner); UCPD Art. 9(b)"
            }
        }
    }
}

/// One problem found.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Flag {
    /// The category's id ("threat", "third_party" …).
    pub category: &'static str,
    /// The category as the owner reads it.
    pub category_name: &'static str,
    /// The words that triggered the flag, as written.
    pub found: String,
    /// Why it is a problem, for the owner.
    pub reason: String,
    /// Which rules of which regulators say so.
    pub basis: &'static str,
    /// The sentence it was found in, as written (shortened when long).
    pub sentence: String,
}

/// The message's stage: what may be said depends on it.
fn is_final(tone: &str) -> bool {
    tone == "final"
}

// ------------------------------------------------------------ rules

/// When a rule applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum When {
    Always,
    /// Not in a final notice (legal next steps, "last chance").
    BeforeFinal,
    /// Only in a friendly reminder ("final warning").
    Friendly,
}

/// A rule as a lexicon writes it. `slots`: word families separated by
/// ";"; in a family, alternatives separated by ","; a phrase is words
/// separated by spaces, each word a list of "|" alternatives, a trailing
/// "*" matching any ending, "_" any one word.
pub(crate) struct Rule {
    pub cat: Category,
    pub slots: &'static str,
    pub reason: &'static str,
    pub near: usize,
    pub ordered: bool,
    pub negatable: bool,
    pub when: When,
    pub blockers: &'static str,
    /// Phrases that, starting where a family matched, undo that match
    /// ("tell us" is not "tell your customers").
    pub not_at: &'static str,
}

/// Writes shared word lists (`{NAME}` in a rule's families) into a rule.
/// The rules are built once, into the index, so the filled text is kept
/// for the life of the program.
pub(crate) fn fill(mut r: Rule, lists: &[(&str, &str)]) -> Rule {
    if r.slots.contains('{') {
        let s = lists.iter().fold(r.slots.to_string(), |s, (name, words)| s.replace(name, words));
        r.slots = Box::leak(s.into_boxed_str());
    }
    r
}

/// Builds a rule with the category's defaults: within 8 words, any order;
/// a negation just before cancels threats, consequences and third parties.
pub(crate) fn rule(cat: Category, slots: &'static str, reason: &'static str) -> Rule {
    let negatable = matches!(cat, Category::Threat | Category::FalseConsequence | Category::ThirdParty);
    Rule { cat, slots, reason, near: 8, ordered: false, negatable, when: When::Always, blockers: "", not_at: "" }
}

impl Rule {
    pub fn near(mut self, n: usize) -> Self {
        self.near = n;
        self
    }
    pub fn ordered(mut self) -> Self {
        self.ordered = true;
        self
    }
    pub fn no_neg(mut self) -> Self {
        self.negatable = false;
        self
    }
    pub fn neg(mut self) -> Self {
        self.negatable = true;
        self
    }
    pub fn before_final(mut self) -> Self {
        self.when = When::BeforeFinal;
        self
    }
    pub fn friendly(mut self) -> Self {
        self.when = When::Friendly;
        self
    }
    /// Words that, anywhere in the sentence, show a lawful statement.
    pub fn unless(mut self, blockers: &'static str) -> Self {
        self.blockers = blockers;
        self
    }
    pub fn not_at(mut self, phrases: &'static str) -> Self {
        self.not_at = phrases;
        self
    }
}

#[derive(Debug, Clone)]
enum Word {
    Any,
    Exact(String),
    Prefix(String),
}

impl Word {
    fn matches(&self, t: &str) -> bool {
        match self {
            Word::Any => true,
            Word::Exact(w) => w == t,
            Word::Prefix(p) => t.starts_with(p.as_str()),
        }
    }
}

/// A phrase: consecutive positions, each a list of alternatives.
type Phrase = Vec<Vec<Word>>;

fn parse_word(w: &str) -> Word {
    if w == "_" {
        Word::Any
    } else if let Some(p) = w.strip_suffix('*') {
        Word::Prefix(normal::fold(p))
    } else {
        Word::Exact(normal::fold(w))
    }
}

fn parse_phrases(family: &str) -> Vec<Phrase> {
    family
        .split(',')
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(|p| p.split_whitespace().map(|pos| pos.split('|').map(parse_word).collect()).collect())
        .collect()
}

struct Compiled {
    cat: Category,
    slots: Vec<Vec<Phrase>>,
    reason: &'static str,
    near: usize,
    ordered: bool,
    negatable: bool,
    when: When,
    blockers: Vec<Phrase>,
    not_at: Vec<Phrase>,
}

/// Where a phrase can start: by exact first word, or by a stem.
struct Index {
    rules: Vec<Compiled>,
    exact: HashMap<String, Vec<(u32, u8, u16)>>,
    prefix: HashMap<String, Vec<(u32, u8, u16)>>,
    longest_prefix: usize,
}

fn index() -> &'static Index {
    static INDEX: OnceLock<Index> = OnceLock::new();
    INDEX.get_or_init(|| {
        let mut rules = Vec::new();
        for r in en::rules().into_iter().chain(de::rules()).chain(fr::rules()) {
            let slots: Vec<Vec<Phrase>> = r.slots.split(';').map(parse_phrases).filter(|s| !s.is_empty()).collect();
            assert!(!slots.is_empty() && slots.len() <= 4, "a tone rule needs one to four word families: {}", r.slots);
            rules.push(Compiled {
                cat: r.cat,
                slots,
                reason: r.reason,
                near: r.near,
                ordered: r.ordered,
                negatable: r.negatable,
                when: r.when,
                blockers: parse_phrases(r.blockers),
                not_at: parse_phrases(r.not_at),
            });
        }
        let mut exact: HashMap<String, Vec<(u32, u8, u16)>> = HashMap::new();
        let mut prefix: HashMap<String, Vec<(u32, u8, u16)>> = HashMap::new();
        let mut longest_prefix = 0;
        for (ri, r) in rules.iter().enumerate() {
            for (si, slot) in r.slots.iter().enumerate() {
                for (pi, phrase) in slot.iter().enumerate() {
                    let key = (ri as u32, si as u8, pi as u16);
                    for w in &phrase[0] {
                        match w {
                            Word::Exact(e) => exact.entry(e.clone()).or_default().push(key),
                            Word::Prefix(p) => {
                                longest_prefix = longest_prefix.max(p.len());
                                prefix.entry(p.clone()).or_default().push(key)
                            }
                            Word::Any => panic!("a tone phrase cannot start with _: {}", r.reason),
                        }
                    }
                }
            }
        }
        Index { rules, exact, prefix, longest_prefix }
    })
}

/// Whether `phrase` matches the tokens from `at`; its end (exclusive).
fn phrase_at(phrase: &Phrase, tokens: &[Token], at: usize) -> Option<usize> {
    if at + phrase.len() > tokens.len() {
        return None;
    }
    for (k, pos) in phrase.iter().enumerate() {
        if !pos.iter().any(|w| w.matches(&tokens[at + k].norm)) {
            return None;
        }
    }
    Some(at + phrase.len())
}

fn any_phrase(phrases: &[Phrase], tokens: &[Token]) -> bool {
    (0..tokens.len()).any(|i| phrases.iter().any(|p| phrase_at(p, tokens, i).is_some()))
}

const NEGATORS: &[&str] = &[
    "not", "never", "no", "nobody", "nothing", "neither", "nor", "none", "nicht", "nie", "niemals", "kein", "keine",
    "keinen", "keinem", "keiner", "keines", "niemand", "nichts", "weder", "pas", "jamais", "aucun", "aucune", "personne", "ni", "rien", "ne", "n",
];

/// Negators that may also follow the word they negate (German and French
/// put them after the verb: "wir schalten die Polizei nicht ein").
const NEGATORS_AFTER: &[&str] = &["nicht", "nie", "niemals", "pas", "jamais"];

/// Words that open a condition: "if you do not pay" negates the
/// debtor's act, not the threat that follows it.
const CONDITIONS: &[&str] = &["if", "unless", "until", "wenn", "falls", "sofern", "solange", "si", "tant", "sauf"];

/// "We will not hesitate to…", "not only", "if you do not pay": a
/// negation that does not negate what follows.
fn false_negation(tokens: &[Token], j: usize) -> bool {
    let lo = j.saturating_sub(2);
    let hi = (j + 2).min(tokens.len());
    let odd = tokens[lo..hi].iter().any(|t| {
        let n = t.norm.as_str();
        n.starts_with("hesit") || n.starts_with("zoeger") || n.starts_with("zoger") || n == "only" || n == "seulement"
    });
    // "money that is not yours is stealing": the negation is about whose it is.
    let owner = tokens.get(j + 1).is_some_and(|t| matches!(t.norm.as_str(), "yours" | "mine" | "ours" | "theirs" | "his" | "hers"));
    // "people who do not pay go to prison": the negation is the debtor's act.
    let pays = |t: &Token| {
        let n = t.norm.as_str();
        ["pay", "paid", "settl", "zahl", "bezahl", "begleich", "pai", "regl", "repl", "respond", "antwort", "repond", "reagier"].iter().any(|p| n.starts_with(p))
    };
    let act = tokens.get(j + 1).is_some_and(pays) || (j > 0 && pays(&tokens[j - 1]));
    let odd = odd || owner || act;
    odd || tokens[j.saturating_sub(3)..j].iter().any(|t| CONDITIONS.contains(&t.norm.as_str()))
}

fn negated(tokens: &[Token], start: usize, end: usize) -> bool {
    // "weder … noch", "ni … ni": the whole list after it is negated.
    if tokens[..start].iter().any(|t| t.norm == "weder" || t.norm == "ni") {
        return true;
    }
    let before = start.saturating_sub(3)..start;
    if before.clone().any(|j| NEGATORS.contains(&tokens[j].norm.as_str()) && !false_negation(tokens, j)) {
        return true;
    }
    let after = end..(end + 2).min(tokens.len());
    after.into_iter().any(|j| NEGATORS_AFTER.contains(&tokens[j].norm.as_str()) && !false_negation(tokens, j))
}

/// Words between the families placed so far and `h` that belong to none.
fn gap(chosen: &[(usize, usize)], h: (usize, usize)) -> usize {
    let mut spans: Vec<(usize, usize)> = chosen.iter().copied().chain([h]).collect();
    spans.sort_unstable();
    let (lo, hi) = (spans[0].0, spans.iter().map(|s| s.1).max().unwrap_or(h.1));
    let mut covered = 0;
    let mut reach = lo;
    for (a, b) in spans {
        let a = a.max(reach);
        if b > a {
            covered += b - a;
            reach = b;
        }
    }
    (hi - lo).saturating_sub(covered)
}

/// The best placement of a rule's families in a sentence: the spans
/// (token ranges) of each, or None.
fn place(r: &Compiled, hits: &[Vec<(usize, usize)>], tokens: &[Token]) -> Option<Vec<(usize, usize)>> {
    let mut chosen: Vec<(usize, usize)> = Vec::with_capacity(hits.len());
    fn go(
        r: &Compiled,
        hits: &[Vec<(usize, usize)>],
        tokens: &[Token],
        chosen: &mut Vec<(usize, usize)>,
    ) -> bool {
        let k = chosen.len();
        if k == hits.len() {
            let lo = chosen.iter().map(|c| c.0).min().unwrap_or(0);
            let hi = chosen.iter().map(|c| c.1).max().unwrap_or(0);
            return !(r.negatable && negated(tokens, lo, hi));
        }
        for &h in &hits[k] {
            if r.not_at.iter().any(|p| phrase_at(p, tokens, h.0).is_some()) {
                continue;
            }
            if r.ordered && k > 0 && (h.0 < chosen[k - 1].0 || h == chosen[k - 1]) {
                continue;
            }
            if gap(chosen, h) > r.near {
                continue;
            }
            chosen.push(h);
            if go(r, hits, tokens, chosen) {
                return true;
            }
            chosen.pop();
        }
        false
    }
    if go(r, hits, tokens, &mut chosen) {
        Some(chosen)
    } else {
        None
    }
}

/// The written words of a match: the whole stretch when short, else the
/// pieces joined by "…".
fn quote(text: &str, tokens: &[Token], spans: &[(usize, usize)]) -> String {
    let mut spans: Vec<(usize, usize)> = spans.to_vec();
    spans.sort();
    let lo = tokens[spans[0].0].start;
    let hi = spans.iter().map(|s| tokens[s.1 - 1].end).max().unwrap_or(lo);
    if hi - lo <= 80 {
        return text[lo..hi].to_string();
    }
    let mut pieces: Vec<&str> = Vec::new();
    for s in spans {
        let piece = &text[tokens[s.0].start..tokens[s.1 - 1].end];
        if !pieces.contains(&piece) {
            pieces.push(piece);
        }
    }
    pieces.join(" … ")
}

fn sentence_text(text: &str, s: &Sentence) -> String {
    let t = text[s.start..s.end.max(s.start)].trim();
    if t.chars().count() > 200 {
        let cut: String = t.chars().take(199).collect();
        format!("{cut}…")
    } else {
        t.to_string()
    }
}

fn rules_for_sentence(ix: &Index, s: &Sentence) -> HashMap<u32, Vec<Vec<(usize, usize)>>> {
    let mut hits: HashMap<u32, Vec<Vec<(usize, usize)>>> = HashMap::new();
    let tokens = &s.tokens;
    let mut record = |key: &(u32, u8, u16), i: usize| {
        let r = &ix.rules[key.0 as usize];
        let phrase = &r.slots[key.1 as usize][key.2 as usize];
        if let Some(end) = phrase_at(phrase, tokens, i) {
            let slots = hits.entry(key.0).or_insert_with(|| vec![Vec::new(); r.slots.len()]);
            let list = &mut slots[key.1 as usize];
            if !list.contains(&(i, end)) {
                list.push((i, end));
            }
        }
    };
    for (i, t) in tokens.iter().enumerate() {
        if let Some(keys) = ix.exact.get(&t.norm) {
            keys.iter().for_each(|k| record(k, i));
        }
        for (b, _) in t.norm.char_indices().skip(1).chain([(t.norm.len(), ' ')]) {
            if b > ix.longest_prefix {
                break;
            }
            if let Some(keys) = ix.prefix.get(&t.norm[..b]) {
                keys.iter().for_each(|k| record(k, i));
            }
        }
    }
    hits
}

/// Checks text for a stage of the given tone ("friendly", "firm", "final").
/// Returns every problem found, at most one per category and sentence;
/// empty = fine.
pub fn check(text: &str, tone: &str) -> Vec<Flag> {
    let ix = index();
    let mut flags: Vec<Flag> = Vec::new();
    for s in normal::sentences(text) {
        let hits = rules_for_sentence(ix, &s);
        let mut candidates: Vec<u32> = hits.iter().filter(|(_, slots)| slots.iter().all(|l| !l.is_empty())).map(|(k, _)| *k).collect();
        candidates.sort_unstable();
        let mut seen: Vec<Category> = Vec::new();
        for ri in candidates {
            let r = &ix.rules[ri as usize];
            if seen.contains(&r.cat) {
                continue;
            }
            let applies = match r.when {
                When::Always => true,
                When::BeforeFinal => !is_final(tone),
                When::Friendly => tone == "friendly",
            };
            if !applies || (!r.blockers.is_empty() && any_phrase(&r.blockers, &s.tokens)) {
                continue;
            }
            if let Some(spans) = place(r, &hits[&ri], &s.tokens) {
                seen.push(r.cat);
                let reason = r.reason.replace("{tone}", tone);
                flags.push(Flag {
                    category: r.cat.id(),
                    category_name: r.cat.name(),
                    found: quote(text, &s.tokens, &spans),
                    reason,
                    basis: r.cat.basis(),
                    sentence: sentence_text(text, &s),
                });
            }
        }
    }
    flags.extend(shouting(text));
    flags
}

// ------------------------------------------------------------ shouting

/// Capitals that are names, not shouting.
const ACRONYMS: &[&str] = &[
    "VAT", "BACS", "CHAPS", "IBAN", "BIC", "SWIFT", "HMRC", "IRS", "CCJ", "LTD", "PLC", "LLP", "LLC", "INC", "GMBH", "AG",
    "KG", "UG", "SARL", "SAS", "SA", "EURL", "SEPA", "GBP", "EUR", "USD", "CHF", "UK", "US", "USA", "EU", "PDF", "PO",
    "ID", "FAQ", "ASAP", "NB", "PS", "OK", "TV", "HR", "CEO", "CFO", "SMS", "URL", "AM", "PM", "UTC", "GMT", "CET", "TVA",
    "SIRET", "SIREN", "RIB", "USt", "MWST", "UST", "BLZ", "EIN", "ACH", "ABA", "NI", "DD", "RE", "FAO", "ATTN", "IT",
];

/// Words that, in capitals, are a shout even two at a time.
const SHOUT_WORDS: &[&str] = &[
    "PAY", "NOW", "IMMEDIATELY", "URGENT", "TODAY", "FINAL", "WARNING", "LAST", "MUST", "OVERDUE", "ZAHLEN", "SOFORT",
    "JETZT", "UMGEHEND", "DRINGEND", "LETZTE", "WARNUNG", "PAYEZ", "MAINTENANT", "IMMEDIATEMENT", "IMMÉDIATEMENT",
    "DERNIER", "AVERTISSEMENT",
];

fn is_caps_word(w: &str) -> bool {
    let letters = w.chars().filter(|c| c.is_alphabetic()).count();
    letters >= 2 && !w.chars().any(|c| c.is_ascii_digit()) && w.chars().filter(|c| c.is_alphabetic()).all(char::is_uppercase)
}

fn shouting(text: &str) -> Vec<Flag> {
    let mut flags = Vec::new();
    let words = normal::words(text);
    let mut run: Vec<normal::Written> = Vec::new();
    let mut found: Option<String> = None;
    let flush = |run: &Vec<normal::Written>, found: &mut Option<String>| {
        let shout = run.iter().any(|w| SHOUT_WORDS.contains(&w.text));
        if found.is_none() && (run.len() >= 3 || (run.len() >= 2 && shout)) {
            let first = run[0];
            let last = run[run.len() - 1];
            *found = Some(text[first.start..last.start + last.text.len()].to_string());
        }
    };
    for w in &words {
        if ACRONYMS.contains(&w.text) {
            continue;
        }
        if is_caps_word(w.text) {
            run.push(*w);
        } else {
            flush(&run, &mut found);
            run.clear();
        }
    }
    if !run.is_empty() {
        flush(&run, &mut found);
    }
    if let Some(found) = found {
        flags.push(shout_flag(found, "is written in capitals, which reads as shouting"));
    }
    if let Some(i) = text.find("!!") {
        let start = text[..i].rfind(char::is_whitespace).map(|p| p + 1).unwrap_or(0);
        let end = text[i..].find(|c: char| c != '!').map(|p| i + p).unwrap_or(text.len());
        flags.push(shout_flag(text[start..end].to_string(), "repeated exclamation marks read as aggressive"));
    } else if text.matches('!').count() >= 3 {
        flags.push(shout_flag("!".into(), "many exclamation marks read as aggressive"));
    }
    flags
}

fn shout_flag(found: String, reason: &str) -> Flag {
    Flag {
        category: Category::Shouting.id(),
        category_name: Category::Shouting.name(),
        sentence: found.clone(),
        found,
        reason: reason.to_string(),
        basis: Category::Shouting.basis(),
    }
}

/// One sentence naming every problem, for an error message.
pub fn describe(flags: &[Flag]) -> String {
    flags
        .iter()
        .map(|f| format!("{}: \u{201c}{}\u{201d} {}", f.category_name, f.found, f.reason))
        .collect::<Vec<_>>()
        .join("; ")
}

#[cfg(test)]
mod tests;
