use super::*;

fn cats(text: &str, tone: &str) -> Vec<&'static str> {
    check(text, tone).into_iter().map(|f| f.category).collect()
}

#[track_caller]
fn flags_as(text: &str, tone: &str, cat: &str) {
    let got = cats(text, tone);
    assert!(got.contains(&cat), "expected {cat} for {text:?} ({tone}), got {got:?}");
}

#[track_caller]
fn passes(text: &str, tone: &str) {
    let got = check(text, tone);
    assert!(got.is_empty(), "expected no flag for {text:?} ({tone}), got {:?}", got.iter().map(|f| (f.category, &f.found)).collect::<Vec<_>>());
}

#[test]
fn the_sentences_a_new_user_tried_are_flagged() {
    flags_as("We will come to your home to collect it.", "firm", "threat");
    flags_as("Pay now or face the consequences.", "firm", "pressure");
    flags_as("We'll be in touch with your customers about this debt.", "firm", "third_party");
    flags_as("You have been warned.", "firm", "pressure");
    flags_as("You've been warned.", "firm", "pressure");
    flags_as("We will garnish your wages next week.", "firm", "false_consequence");
    flags_as("Wenn Sie nicht zahlen, rufen wir die Polizei.", "firm", "false_consequence");
    flags_as("PAY NOW!!!", "firm", "shouting");
}

#[test]
fn threats_of_visits_and_force() {
    flags_as("Someone will be sent round to see you.", "final", "threat");
    flags_as("Expect a knock on the door.", "final", "threat");
    flags_as("We know where you live.", "final", "threat");
    flags_as("Our collectors will turn up at your office on Monday.", "final", "threat");
    flags_as("Nous viendrons chez vous récupérer la somme.", "final", "threat");
    flags_as("Wir kommen persönlich bei Ihnen zu Hause vorbei.", "final", "threat");
    passes("Nobody will come to your home; we deal with this by letter only.", "final");
    passes("You are welcome to visit our office to pay in person.", "firm");
}

#[test]
fn false_consequences_and_their_lawful_statement() {
    flags_as("You could go to prison for this.", "final", "false_consequence");
    flags_as("We will seize your van.", "final", "false_consequence");
    flags_as("This will follow you for the rest of your life.", "final", "false_consequence");
    flags_as("We will take everything you own.", "final", "false_consequence");
    flags_as("Les huissiers saisiront vos biens.", "final", "false_consequence");
    flags_as("Wir schicken den Gerichtsvollzieher.", "final", "false_consequence");
    passes("Non-payment is not a crime, and nobody will be arrested.", "final");
    passes("If the court grants a judgment, enforcement agents could be instructed.", "final");
    passes("To protect you from fraud, we will never ask you to change our bank details.", "friendly");
}

#[test]
fn veiled_threats_and_pressure() {
    flags_as("Pay up, or else.", "firm", "pressure");
    flags_as("Ignore this at your peril.", "firm", "pressure");
    flags_as("We have ways of getting our money.", "firm", "pressure");
    flags_as("This is your last chance before things get unpleasant.", "final", "pressure");
    flags_as("Sie werden es bereuen.", "firm", "pressure");
    flags_as("Vous êtes prévenu.", "firm", "pressure");
    flags_as("Sell your car if you have to, but pay us.", "firm", "pressure");
    passes("We know things can get difficult, so please talk to us.", "friendly");
}

#[test]
fn third_parties() {
    flags_as("We will tell your employer.", "final", "third_party");
    flags_as("Your neighbours will hear about this.", "final", "third_party");
    flags_as("We will post about this on social media.", "final", "third_party");
    flags_as("We will inform your bank.", "final", "third_party");
    flags_as("Wir werden Ihre Kunden informieren.", "final", "third_party");
    flags_as("Nous informerons vos clients de cette dette.", "final", "third_party");
    passes("Please tell us when your customers have paid you.", "firm");
    passes("You can ask your bank to set up a standing order.", "friendly");
    passes("We will never contact your employer or your family.", "firm");
}

#[test]
fn humiliation() {
    flags_as("People like you never pay.", "firm", "humiliation");
    flags_as("How hard is it to pay an invoice?", "firm", "humiliation");
    flags_as("You deadbeat.", "firm", "humiliation");
    flags_as("Wie schwer kann es sein, eine Rechnung zu bezahlen?", "firm", "humiliation");
    flags_as("Les gens comme vous ne paient jamais.", "firm", "humiliation");
    passes("We know how hard it is to keep on top of payments.", "friendly");
    passes("Thank you for your kind words and your patience.", "friendly");
    passes("Il n'y a nul besoin de vous inquiéter.", "friendly");
}

#[test]
fn authority_and_legal_steps() {
    flags_as("This is an official court summons.", "final", "authority");
    flags_as("We are authorised by the court to collect this debt.", "final", "authority");
    flags_as("We will take you to court.", "friendly", "authority");
    flags_as("Wir übergeben die Sache einem Inkassobüro.", "firm", "authority");
    passes("We may pass the debt to a collection agency.", "final");
    passes("If we do not hear from you, we will start legal proceedings.", "final");
    passes("Sans réponse, nous engagerons une procédure judiciaire.", "final");
}

#[test]
fn courteous_but_firm_text_passes() {
    for t in [
        "If you are finding it difficult to pay, please get in touch.",
        "Dear Sam,\n\nThis is a friendly reminder that invoice INV-1 for £120.00 was due on 1 March. If you are struggling to pay, please get in touch and we will find a way together.\n\nThank you!",
        "Please don't ignore this letter: call us so we can agree a plan.",
        "The invoice is now 45 days overdue and we need payment by 15 December.",
        "Falls Sie bereits gezahlt haben, betrachten Sie dieses Schreiben als gegenstandslos.",
        "Es tut uns leid, Sie erneut erinnern zu müssen.",
        "Vous trouverez ci-joint le relevé de votre compte.",
        "Merci de saisir la référence de la facture lors de votre virement.",
        "There is no shame in asking for help; free advice is available from StepChange.",
        "Courtesy reminder",
    ] {
        passes(t, "firm");
    }
}

#[test]
fn flags_name_the_category_the_words_and_the_basis() {
    let f = check("Dear Sam. We will come to your home to collect it. Regards", "firm");
    assert_eq!(f.len(), 1, "{f:?}");
    assert_eq!(f[0].category, "threat");
    assert_eq!(f[0].category_name, "Threat of harm, a visit or force");
    assert_eq!(f[0].found, "come to your home");
    assert_eq!(f[0].sentence, "We will come to your home to collect it");
    assert!(f[0].basis.contains("1692d"), "{}", f[0].basis);
    assert!(describe(&f).starts_with("Threat of harm, a visit or force: \u{201c}come to your home\u{201d}"));
}

#[test]
fn legal_steps_only_in_a_final_notice() {
    let t = "If we do not hear from you we will pass the account to a collection agency.";
    assert_eq!(cats(t, "friendly"), ["authority"]);
    assert_eq!(cats(t, "firm"), ["authority"]);
    assert!(check(t, "final").is_empty());
    assert!(check(&t.to_uppercase(), "final").iter().all(|f| f.category == "shouting"));
}

#[test]
fn a_last_warning_only_in_a_final_notice() {
    assert_eq!(cats("This is a final warning.", "friendly"), ["pressure"]);
    assert_eq!(cats("This is a final warning.", "firm"), ["pressure"]);
    assert!(check("This is a final warning.", "final").is_empty());
    // A friendly reminder is not the last chance either; a firm one may say so.
    assert_eq!(cats("This is your last chance to pay before interest is added.", "friendly"), ["pressure"]);
    assert!(check("This is your last chance to pay before interest is added.", "firm").is_empty());
}

#[test]
fn placeholders_and_acronyms_in_capitals_are_not_shouting() {
    passes("Invoice {INVOICE} {AMOUNT} {DUE}", "friendly");
    passes("Please pay by BACS to our IBAN; VAT is included.", "friendly");
    flags_as("THIS IS OVERDUE", "firm", "shouting");
    flags_as("Please PAY NOW.", "firm", "shouting");
}

#[test]
fn order_and_accents_do_not_matter() {
    flags_as("Your wages, we will garnish them.", "firm", "false_consequence");
    flags_as("Wir werden Sie ins GEFÄNGNIS bringen.", "firm", "false_consequence");
    flags_as("Wir werden Sie ins Gefaengnis bringen.", "firm", "false_consequence");
    flags_as("Vous irez en prison.", "firm", "false_consequence");
}

#[test]
fn hostile_and_long_input_is_handled() {
    let long = "a ".repeat(50_000);
    assert!(check(&long, "firm").is_empty());
    flags_as("<script>alert(1)</script> you idiot", "firm", "humiliation");
    assert!(check("", "firm").is_empty());
    assert!(check("’’’ {{{ }}} !", "firm").is_empty());
}

