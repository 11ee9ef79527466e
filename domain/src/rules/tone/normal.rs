//! Text as the tone rules see it: sentences of normalised words, each word
//! remembering where it came from so a flag can quote what was written.
//!
//! Normalising: lower case; accents folded (é → e, ç → c) and German
//! umlauts spelled out (ä → ae, ß → ss) so "Gefängnis" and "Gefaengnis"
//! are one word; curly apostrophes made straight; English contractions
//! expanded ("won't" → "will not", "we'll" → "we will", "you've" → "you
//! have", a possessive "'s" dropped); French elisions split ("l'huissier" →
//! "l huissier", "qu'il" → "qu il"); hyphens split words ("ci-joint",
//! "low-life"); placeholders such as `{client}` are left out.

/// One word after normalising. `start..end` is its byte range in the
/// original text (the whole written word, for a contraction's parts).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    pub norm: String,
    pub start: usize,
    pub end: usize,
}

/// A sentence: the byte range it covers and its words.
#[derive(Debug, Clone)]
pub struct Sentence {
    pub start: usize,
    pub end: usize,
    pub tokens: Vec<Token>,
}

/// A word as written (for the capitals check), with its byte range.
#[derive(Debug, Clone, Copy)]
pub struct Written<'a> {
    pub text: &'a str,
    pub start: usize,
}

fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '\u{2019}' | '\u{2018}' | '\u{02bc}' | '`' | '\u{b4}')
}

/// Folds one lower-case character into plain letters: accents dropped,
/// German umlauts and ß spelled out, ligatures split.
fn fold_into(c: char, out: &mut String) {
    match c {
        'ä' => out.push_str("ae"),
        'ö' => out.push_str("oe"),
        'ü' => out.push_str("ue"),
        'ß' => out.push_str("ss"),
        'œ' => out.push_str("oe"),
        'æ' => out.push_str("ae"),
        'à' | 'á' | 'â' | 'ã' | 'å' | 'ā' | 'ă' | 'ą' => out.push('a'),
        'ç' | 'ć' | 'č' => out.push('c'),
        'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ė' | 'ę' | 'ě' => out.push('e'),
        'ì' | 'í' | 'î' | 'ï' | 'ī' | 'į' => out.push('i'),
        'ñ' | 'ń' | 'ň' => out.push('n'),
        'ò' | 'ó' | 'ô' | 'õ' | 'ø' | 'ō' => out.push('o'),
        'ù' | 'ú' | 'û' | 'ū' | 'ů' | 'ű' => out.push('u'),
        'ý' | 'ÿ' => out.push('y'),
        'ś' | 'š' | 'ş' => out.push('s'),
        'ź' | 'ż' | 'ž' => out.push('z'),
        'ł' => out.push('l'),
        'ř' => out.push('r'),
        'ť' => out.push('t'),
        'ď' => out.push('d'),
        _ => out.push(c),
    }
}

/// Lower case and folded, as the lexicons are written.
pub fn fold(word: &str) -> String {
    let mut out = String::with_capacity(word.len());
    for c in word.chars() {
        if c.is_ascii() {
            out.push(c.to_ascii_lowercase());
        } else {
            for l in c.to_lowercase() {
                fold_into(l, &mut out);
            }
        }
    }
    out
}

/// French words that elide before a vowel: "l'", "d'", "qu'", "n'" …
const ELISIONS: &[&str] = &["l", "d", "j", "n", "s", "c", "m", "t", "qu", "jusqu", "lorsqu", "puisqu", "quoiqu", "quelqu", "presqu"];

/// Expands one folded word that holds an apostrophe into its parts.
fn split_apostrophe(w: &str, push: &mut dyn FnMut(&str)) {
    let Some(i) = w.find('\'') else {
        push(w);
        return;
    };
    let (head, tail) = (&w[..i], &w[i + 1..]);
    if tail.is_empty() {
        // "customers'" (a plural possessive) or a closing quote.
        push(head);
        return;
    }
    if ELISIONS.contains(&head) && tail.len() >= 2 && !matches!(tail, "ll" | "re" | "ve") {
        push(head);
        split_apostrophe(tail, push);
        return;
    }
    match tail {
        "t" => match head {
            "won" => {
                push("will");
                push("not")
            }
            "can" => {
                push("can");
                push("not")
            }
            "shan" => {
                push("shall");
                push("not")
            }
            "ain" => {
                push("is");
                push("not")
            }
            h if h.ends_with('n') && h.len() > 1 => {
                push(&h[..h.len() - 1]);
                push("not")
            }
            h => {
                push(h);
                push("t")
            }
        },
        "ll" => {
            push(head);
            push("will")
        }
        "re" => {
            push(head);
            push("are")
        }
        "ve" => {
            push(head);
            push("have")
        }
        "m" => {
            push(head);
            push("am")
        }
        "d" => {
            push(head);
            push("would")
        }
        "s" => match head {
            "it" | "that" | "there" | "here" | "he" | "she" | "what" | "who" | "where" | "how" | "this" => {
                push(head);
                push("is")
            }
            "let" => {
                push("let");
                push("us")
            }
            // A possessive: "the client's", "your children's school".
            h => push(h),
        },
        // "o'clock", names such as "O'Brien": the word without the mark.
        t => {
            let joined = format!("{head}{t}");
            split_apostrophe(&joined, push)
        }
    }
}

/// The written words of a text with their byte offsets: runs of letters
/// and digits, with an apostrophe inside a word kept in it. Placeholders
/// (`{client}`) are skipped; hyphens and other marks end a word.
pub fn words(text: &str) -> Vec<Written<'_>> {
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    let mut in_placeholder = false;
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if in_placeholder {
            if c == '}' {
                in_placeholder = false;
            }
            continue;
        }
        if c == '{' {
            if let Some(s) = start.take() {
                out.push(Written { text: &text[s..i], start: s });
            }
            in_placeholder = true;
            continue;
        }
        let inside = c.is_alphanumeric()
            || (is_apostrophe(c) && start.is_some() && chars.peek().is_some_and(|(_, n)| n.is_alphanumeric()));
        if inside {
            if start.is_none() {
                start = Some(i);
            }
        } else if let Some(s) = start.take() {
            out.push(Written { text: &text[s..i], start: s });
        }
    }
    if let Some(s) = start {
        out.push(Written { text: &text[s..], start: s });
    }
    out
}

/// True where a sentence ends: . ! ? ; or a line break, but not a point
/// between digits (£1,234.56) nor inside a placeholder.
fn sentence_breaks(text: &str) -> Vec<usize> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut depth = 0u32;
    for (i, &b) in bytes.iter().enumerate() {
        match b {
            b'{' => depth += 1,
            b'}' => depth = depth.saturating_sub(1),
            b'!' | b'?' | b';' | b'\n' if depth == 0 => out.push(i),
            b'.' if depth == 0 => {
                let digit_before = i > 0 && bytes[i - 1].is_ascii_digit();
                let digit_after = bytes.get(i + 1).is_some_and(|c| c.is_ascii_digit());
                if !(digit_before && digit_after) {
                    out.push(i);
                }
            }
            _ => {}
        }
    }
    out
}

/// The text as sentences of normalised words.
pub fn sentences(text: &str) -> Vec<Sentence> {
    let breaks = sentence_breaks(text);
    let mut out: Vec<Sentence> = Vec::new();
    let mut bi = 0;
    let mut current = Sentence { start: 0, end: 0, tokens: Vec::new() };
    for w in words(text) {
        while bi < breaks.len() && breaks[bi] < w.start {
            if !current.tokens.is_empty() {
                current.end = breaks[bi];
                out.push(std::mem::replace(&mut current, Sentence { start: breaks[bi] + 1, end: 0, tokens: Vec::new() }));
            } else {
                current.start = breaks[bi] + 1;
            }
            bi += 1;
        }
        if current.tokens.is_empty() {
            current.start = w.start;
        }
        let end = w.start + w.text.len();
        let folded: String = fold(w.text).chars().map(|c| if is_apostrophe(c) { '\'' } else { c }).collect();
        let tokens = &mut current.tokens;
        split_apostrophe(&folded, &mut |part: &str| {
            if !part.is_empty() {
                tokens.push(Token { norm: part.to_string(), start: w.start, end });
            }
        });
    }
    if !current.tokens.is_empty() {
        current.end = current.tokens.last().map(|t| t.end).unwrap_or(text.len());
        out.push(current);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn norm(text: &str) -> Vec<String> {
        sentences(text).into_iter().flat_map(|s| s.tokens.into_iter().map(|t| t.norm)).collect()
    }

    #[test]
    fn contractions_are_expanded() {
        assert_eq!(norm("We won't wait; we'll call"), ["we", "will", "not", "wait", "we", "will", "call"]);
        assert_eq!(norm("You’ve been warned, it's over"), ["you", "have", "been", "warned", "it", "is", "over"]);
        assert_eq!(norm("don't can't isn't"), ["do", "not", "can", "not", "is", "not"]);
        assert_eq!(norm("your children's school"), ["your", "children", "school"]);
    }

    #[test]
    fn accents_umlauts_and_elisions_are_folded() {
        assert_eq!(norm("Gefängnis STRAßE"), ["gefaengnis", "strasse"]);
        assert_eq!(norm("l'huissier qu'il d’être"), ["l", "huissier", "qu", "il", "d", "etre"]);
        assert_eq!(norm("Ça coûte très cher"), ["ca", "coute", "tres", "cher"]);
    }

    #[test]
    fn placeholders_and_hyphens() {
        assert_eq!(norm("Dear {client}, see ci-joint"), ["dear", "see", "ci", "joint"]);
    }

    #[test]
    fn sentences_break_on_marks_but_not_on_amounts() {
        let s = sentences("Pay £1,234.56 now. Thanks!\nBye");
        assert_eq!(s.len(), 3);
        assert_eq!(s[0].tokens.iter().map(|t| t.norm.as_str()).collect::<Vec<_>>(), ["pay", "1", "234", "56", "now"]);
        let text = "Pay £1,234.56 now. Thanks!\nBye";
        assert_eq!(&text[s[1].start..s[1].end], "Thanks");
    }

    #[test]
    fn spans_point_at_the_written_word() {
        let text = "Nous n’hésiterons pas";
        let s = sentences(text);
        let t = &s[0].tokens[1];
        assert_eq!(t.norm, "n");
        assert_eq!(&text[t.start..t.end], "n’hésiterons");
    }
}
