//! The respectful-tone check. A template or message that threatens,
//! insults, shames, shouts or misstates the law is flagged with the reason
//! before it is saved or sent. Firm is fine; frightening is not.
//!
//! The rules are deliberately plain (phrases and simple shape checks) so an
//! owner can read why something was flagged. Legal next steps (a collection
//! agency, court proceedings) may be stated truthfully, but only in a final
//! notice: an earlier stage that mentions them is flagged as premature.

use serde::Serialize;

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Flag {
    /// The words that triggered the flag, as written.
    pub found: String,
    /// Why it is a problem, for the owner.
    pub reason: String,
}

const THREATS: &[(&str, &str)] = &[
    ("arrest", "threatens arrest: unpaid invoices are a civil matter and nobody is arrested for one"),
    ("jail", "threatens prison: nobody goes to jail for an unpaid invoice"),
    ("prison", "threatens prison: nobody goes to prison for an unpaid invoice"),
    ("police", "mentions the police: an unpaid invoice is a civil matter, not a crime"),
    ("criminal", "calls the debt criminal: non-payment is a civil matter"),
    ("prosecut", "threatens prosecution: debts are not prosecuted"),
    ("fraud", "accuses the debtor of fraud without grounds"),
    ("thief", "calls the debtor a thief"),
    ("steal", "accuses the debtor of stealing"),
    ("seize your", "threatens to seize property: only a court can order that, after judgment"),
    ("take your house", "threatens the debtor's home"),
    ("take your car", "threatens the debtor's property"),
    ("bailiff", "threatens bailiffs: they can only act after a court judgment"),
    ("you will regret", "is a veiled threat"),
    ("or else", "is a veiled threat"),
    ("we know where you live", "is an intimidating threat"),
    ("destroy your credit", "overstates the consequences for the debtor's credit record"),
    ("ruin your", "threatens to ruin the debtor"),
    ("blacklist", "threatens a blacklist, which is misleading"),
];

const SHAMING: &[(&str, &str)] = &[
    ("your employer", "threatens to involve the debtor's employer"),
    ("your neighbours", "threatens to involve the debtor's neighbours"),
    ("your neighbors", "threatens to involve the debtor's neighbours"),
    ("your family", "threatens to involve the debtor's family"),
    ("name and shame", "threatens to shame the debtor publicly"),
    ("publicly", "threatens public exposure"),
    ("social media", "threatens public exposure on social media"),
    ("shame on you", "shames the debtor"),
    ("you should be ashamed", "shames the debtor"),
];

const INSULTS: &[&str] = &[
    "deadbeat", "liar", "idiot", "stupid", "pathetic", "disgrace", "scum", "loser", "useless", "incompetent",
    "dishonest", "crook", "cheat", "parasite", "moron",
];

const LEGAL_STEPS: &[&str] = &[
    "court", "legal action", "legal proceedings", "solicitor", "lawyer", "attorney", "collection agency",
    "debt collector", "sue you", "county court judgment", "ccj",
];

fn word_at(text: &str, start: usize, len: usize) -> bool {
    let before = text[..start].chars().next_back();
    let after = text[start + len..].chars().next();
    !before.is_some_and(|c| c.is_alphanumeric()) && !after.is_some_and(|c| c.is_alphanumeric())
}

/// Finds `needle` (lowercase) in `lower` at a word start; returns the original text.
fn find_phrase(original: &str, lower: &str, needle: &str, whole_word: bool) -> Option<String> {
    let mut from = 0;
    while let Some(i) = lower[from..].find(needle) {
        let at = from + i;
        let starts_word = !lower[..at].chars().next_back().is_some_and(|c| c.is_alphanumeric());
        if starts_word && (!whole_word || word_at(lower, at, needle.len())) {
            // Lowercasing can change byte lengths for some scripts; fall back to the needle.
            return Some(original.get(at..at + needle.len()).unwrap_or(needle).to_string());
        }
        from = at + needle.len();
    }
    None
}

/// Checks text for a stage of the given tone ("friendly", "firm", "final").
/// Returns every problem found; empty = fine.
pub fn check(text: &str, tone: &str) -> Vec<Flag> {
    let lower = text.to_lowercase();
    let mut flags = Vec::new();
    for (needle, reason) in THREATS.iter().chain(SHAMING) {
        if let Some(found) = find_phrase(text, &lower, needle, false) {
            flags.push(Flag { found, reason: reason.to_string() });
        }
    }
    for needle in INSULTS {
        if let Some(found) = find_phrase(text, &lower, needle, true) {
            flags.push(Flag { found, reason: "is insulting; describe the facts, not the person".into() });
        }
    }
    if tone != "final" {
        for needle in LEGAL_STEPS {
            if let Some(found) = find_phrase(text, &lower, needle, true) {
                flags.push(Flag {
                    found,
                    reason: format!(
                        "mentions legal steps in a {tone} message; state next steps only in a final notice, and only those you really intend"
                    ),
                });
                break;
            }
        }
    }
    // Shouting: three or more consecutive all-capital words of 2+ letters,
    // ignoring placeholders such as {client}.
    let mut run: Vec<&str> = Vec::new();
    let mut shout: Option<String> = None;
    for w in text.split(|c: char| c.is_whitespace()) {
        let letters: String = w.chars().filter(|c| c.is_alphabetic()).collect();
        let is_caps = letters.chars().count() >= 2 && letters.chars().all(|c| c.is_uppercase()) && !w.contains('{');
        if is_caps {
            run.push(w);
            if run.len() >= 3 && shout.is_none() {
                shout = Some(run.join(" "));
            }
        } else {
            run.clear();
        }
    }
    if let Some(found) = shout {
        flags.push(Flag { found, reason: "is written in capitals, which reads as shouting".into() });
    }
    if let Some(i) = text.find("!!") {
        flags.push(Flag { found: text[i..].chars().take(3).collect(), reason: "repeated exclamation marks read as aggressive".into() });
    } else if text.matches('!').count() >= 3 {
        flags.push(Flag { found: "!".into(), reason: "many exclamation marks read as aggressive".into() });
    }
    if lower.contains("final warning") && tone == "friendly" {
        flags.push(Flag { found: "final warning".into(), reason: "a friendly reminder must not be a final warning".into() });
    }
    flags
}

/// One sentence naming every problem, for an error message.
pub fn describe(flags: &[Flag]) -> String {
    flags.iter().map(|f| format!("\u{201c}{}\u{201d} {}", f.found, f.reason)).collect::<Vec<_>>().join("; ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn courteous_text_passes() {
        let t = "Dear Sam,\n\nThis is a friendly reminder that invoice INV-1 for £120.00 was due on 1 March. \
                 If you are struggling to pay, please get in touch and we will find a way together.\n\nThank you!";
        assert!(check(t, "friendly").is_empty(), "{:?}", check(t, "friendly"));
    }

    #[test]
    fn threats_insults_shaming_and_shouting_are_flagged_with_reasons() {
        let f = check("PAY NOW OR ELSE you will be arrested and we will tell your employer, you deadbeat", "firm");
        let found: Vec<&str> = f.iter().map(|f| f.found.as_str()).collect();
        assert!(found.iter().any(|s| s.eq_ignore_ascii_case("or else")), "{found:?}");
        assert!(found.contains(&"arrest"), "{found:?}");
        assert!(found.contains(&"your employer"), "{found:?}");
        assert!(found.contains(&"deadbeat"), "{found:?}");
        assert!(found.iter().any(|s| s.starts_with("PAY NOW OR")), "{found:?}");
        assert!(f.iter().all(|f| !f.reason.is_empty()));
    }

    #[test]
    fn legal_steps_only_in_a_final_notice() {
        let t = "If we do not hear from you we will pass the account to a collection agency.";
        assert_eq!(check(t, "friendly").len(), 1);
        assert_eq!(check(t, "firm").len(), 1);
        assert!(check(t, "final").is_empty());
    }

    #[test]
    fn words_inside_other_words_are_not_insults() {
        // "cheat" inside "cheater" is still flagged only as whole word; "liar" inside "familiar" is not.
        assert!(check("We are familiar with how busy things get.", "friendly").is_empty());
        assert!(check("Courtesy reminder", "friendly").is_empty(), "'court' inside 'Courtesy'");
    }

    #[test]
    fn placeholders_in_capitals_are_not_shouting() {
        assert!(check("Invoice {INVOICE} {AMOUNT} {DUE}", "friendly").is_empty());
        assert!(!check("THIS IS OVERDUE", "firm").is_empty());
    }
}
