//! Why each kind of wording is a problem, in the owner's words (the app
//! speaks English whatever language the message is written in).

pub const VISIT: &str = "threatens a visit to the debtor's home or work: a visit without agreement is intimidating, and demands must not cause alarm";
pub const SEND: &str = "threatens to send people to the debtor: that is a threat of a visit or force";
pub const AT_DOOR: &str = "threatens to turn up at the debtor's home or work";
pub const WATCH: &str = "is an intimidating threat: it tells the debtor they are watched or will be found";
pub const HARM: &str = "threatens violence or damage: the law forbids any threat of harm in collecting a debt";
pub const PRISON: &str = "threatens arrest or prison: an unpaid invoice is a civil matter, and nobody is arrested or jailed for one";
pub const CRIME: &str = "treats non-payment as a crime: it is a civil matter, and claiming that criminal proceedings lie is itself an offence (AJA 1970 s.40(1)(b))";
pub const FRAUD: &str = "accuses the debtor of fraud or theft: an unpaid invoice is not a crime, and the accusation is false";
pub const SEIZE: &str = "threatens to take property, wages or money before any court judgment: only a court can order that, and only after judgment";
pub const BAILIFF: &str = "threatens bailiffs or seizure: they can act only on a court judgment, which does not exist yet";
pub const LIFE: &str = "exaggerates the consequences: a debt does not follow anyone for life";
pub const RUIN: &str = "threatens to ruin the debtor: overstating the consequences is a false and misleading claim";
pub const NEVER: &str = "claims the debtor will never get credit or work again: that is an exaggerated consequence";
pub const LOSE: &str = "threatens the loss of the debtor's home, work or family: an exaggerated consequence";
pub const POWER: &str = "threatens a consequence that is not lawful or not in the creditor's power";
pub const VEILED: &str = "is a veiled threat: it hints at harm without saying what, which is meant to frighten";
pub const UNNAMED: &str = "is a veiled threat of unnamed consequences";
pub const UNPLEASANT: &str = "is a veiled threat that things will turn unpleasant";
pub const PATIENCE: &str = "pressures the debtor with the collector's anger rather than the facts";
pub const FREQUENCY: &str = "threatens contact so frequent that it is harassment";
pub const ULTIMATUM: &str = "is a demand framed as an ultimatum";
pub const ANY_MEANS: &str = "pressures the debtor to find the money by any means, whatever it costs them (CONC 7.3.10)";
pub const BORROW: &str = "pressures the debtor to borrow or sell belongings to pay: that is unfair pressure (CONC 7.3.10)";
pub const DEADLINE: &str = "demands payment in an unreasonably short time (CONC 7.3.10)";
pub const FRIENDLY_FINAL: &str = "a friendly reminder must not read as a final warning";
pub const TELL: &str = "threatens to tell other people about the debt: the debt is between you and the debtor, and involving others is harassment by publicity";
pub const HEAR: &str = "threatens that other people will hear of the debt: the debt is between you and the debtor";
pub const BANK: &str = "threatens to contact the debtor's bank or lender about the debt";
pub const PUBLIC: &str = "threatens publicity: naming a debtor in public is harassment by publicity";
pub const PUBLISH: &str = "threatens to publish the debt: naming a debtor in public is harassment by publicity";
pub const INSULT: &str = "is insulting or profane: describe the facts, not the person";
pub const BELITTLE: &str = "belittles the debtor: a demand must not humiliate";
pub const OFFICIAL: &str = "claims an official authority or an official document that a business does not have: that is an offence (AJA 1970 s.40(1)(c), (d))";
pub const PREMATURE: &str = "mentions legal steps in a {tone} message: state next steps only in a final notice, and only those you really intend (a threat of action not intended is a false claim)";
