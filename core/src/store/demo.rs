//! The demo business: a believable plumbing and heating firm in Bristol with
//! 40 clients and 150 invoices spread over every aging bucket, some partly
//! paid, some paid in full. Dates are relative to `today`, so the demo always
//! looks current. Deterministic: the same `today` gives the same ledger.

use crate::error::{Error, Result};
use crate::template::human_date;
use crate::ledger::{append_event, insert_allocation, insert_client, insert_payment, is_empty, now_stamp};
use crate::model::ClientInput;
use chrono::{Duration, NaiveDate};
use rusqlite::{params, Connection};

const CLIENTS: [(&str, &str, &str, &str, &str); 40] = [
    // name, kind, contact person, street, town + postcode
    ("Harbourside Café Ltd", "company", "Maria Santos", "12 Narrow Quay", "Bristol BS1 4QA"),
    ("Clifton Dental Practice", "company", "Dr Aisha Rahman", "8 Princess Victoria St", "Bristol BS8 4BP"),
    ("Redland Lettings Ltd", "company", "Tom Bradley", "44 Chandos Rd", "Bristol BS6 6PF"),
    ("Avon Valley Care Home", "company", "Janet Fowler", "Keynsham Rd", "Bath BA2 3HT"),
    ("Gloucester Road Bakery", "sole_trader", "Luca Moretti", "210 Gloucester Rd", "Bristol BS7 8NU"),
    ("Mrs Eleanor Whitfield", "consumer", "", "3 Royal York Crescent", "Bristol BS8 4JZ"),
    ("Southville Community Centre", "company", "Priya Patel", "Beauley Rd", "Bristol BS3 1QG"),
    ("J. Okafor Carpentry", "sole_trader", "James Okafor", "Unit 4, St Philips Trading Est", "Bristol BS2 0JZ"),
    ("Bishopston Primary School", "company", "Helen Marsh", "Berkeley Rd", "Bristol BS7 8HG"),
    ("Mr David Chen", "consumer", "", "17 Cotham Hill", "Bristol BS6 6JN"),
    ("Totterdown Tap House", "company", "Sean Murphy", "1 Wells Rd", "Bristol BS4 2AB"),
    ("Kingswood Motors Ltd", "company", "Gary Hughes", "Regent St", "Bristol BS15 8JX"),
    ("Zoë Brontë-Kowalczyk", "consumer", "", "9 Fernbank Rd", "Bristol BS6 6PZ"),
    ("Montpelier Yoga Studio", "sole_trader", "Anya Ivanova", "25 Picton St", "Bristol BS6 5PZ"),
    ("Easton Food Co-operative", "company", "Kwame Mensah", "Chelsea Rd", "Bristol BS5 6AS"),
    ("Westbury Park Veterinary", "company", "Dr Fiona Grant", "36 North View", "Bristol BS6 7PY"),
    ("Ms Hannah Lloyd", "consumer", "", "52 Ashley Down Rd", "Bristol BS7 9JW"),
    ("Portishead Marina Holdings", "company", "Richard Kemp", "Harbour Rd", "Portishead BS20 7DE"),
    ("Filton Engineering Services", "company", "Sandeep Gill", "Station Rd", "Filton BS34 7JW"),
    ("The Old Vicarage B&B", "sole_trader", "Margaret Ellis", "Church Lane", "Chew Magna BS40 8QQ"),
    ("Bedminster Barbers", "sole_trader", "Ali Hassan", "115 East St", "Bristol BS3 4EX"),
    ("Stokes Croft Studios Ltd", "company", "Jess Parry", "88 Stokes Croft", "Bristol BS1 3RJ"),
    ("Mr and Mrs Patel", "consumer", "", "14 Henleaze Gardens", "Bristol BS9 4HJ"),
    ("Hotwells Dental Lab", "company", "Owen Price", "2 Cumberland Rd", "Bristol BS1 6UX"),
    ("Fishponds Fitness Ltd", "company", "Natalie Cole", "780 Fishponds Rd", "Bristol BS16 3UA"),
    ("Łukasz Nowak Builders", "sole_trader", "Łukasz Nowak", "Unit 9, Brislington Trading Est", "Bristol BS4 5PS"),
    ("Cabot Property Management", "company", "Victoria Shaw", "Cabot Circus, Level 3", "Bristol BS1 3BX"),
    ("Mrs Gwen Roberts", "consumer", "", "6 Cranbrook Rd", "Bristol BS6 7BL"),
    ("Windmill Hill City Farm", "company", "Ben Taylor", "Philip St", "Bristol BS3 4EA"),
    ("Long Ashton Golf Club", "company", "Colin Wright", "Clarken Coombe", "Long Ashton BS41 9DW"),
    ("Ruby's Nail Bar", "sole_trader", "Ruby Adeyemi", "41 North St", "Bristol BS3 1EN"),
    ("Horfield Housing Association", "company", "Paul Nicholls", "Muller Rd", "Bristol BS7 0AB"),
    ("Mr Samuel Green", "consumer", "", "21 Sefton Park Rd", "Bristol BS7 9AJ"),
    ("Brunel Court Residents' Association", "company", "Irene Walsh", "Brunel Court", "Bristol BS1 6JH"),
    ("Emersons Green Dental", "company", "Dr Kofi Boateng", "Emersons Green Lane", "Bristol BS16 7AE"),
    ("St Werburghs Pottery", "sole_trader", "Isla Fraser", "Mina Rd", "Bristol BS2 9YT"),
    ("Mrs Amira Haddad", "consumer", "", "7 Belmont Rd", "Bristol BS6 5AS"),
    ("Knowle West Media Centre", "company", "Dan Rees", "Leinster Ave", "Bristol BS4 1NL"),
    ("Arnos Vale Florists", "sole_trader", "Chloe Barker", "Bath Rd", "Bristol BS4 3EW"),
    ("Henbury Sports Club", "company", "Mark Ingram", "Station Rd", "Bristol BS10 7QQ"),
];

const JOBS: [&str; 12] = [
    "Boiler service and safety check",
    "Emergency call-out: burst pipe",
    "Bathroom refit: first fix plumbing",
    "Radiator replacement (3 rooms)",
    "Annual gas safety certificate",
    "Unvented cylinder installation",
    "Leak detection and repair",
    "Kitchen sink and waste replacement",
    "Combi boiler installation",
    "Powerflush of central heating",
    "Commercial kitchen gas interlock",
    "Underfloor heating manifold repair",
];

struct Lcg(u64);
impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        self.0 >> 33
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

/// Loads the demo business into an empty database, in one transaction.
pub fn load(conn: &mut Connection, today: NaiveDate) -> Result<DemoReport> {
    if !is_empty(conn)? {
        return Err(Error::Conflict("the database already has clients or invoices; demo data goes only into an empty one".into()));
    }
    let tx = conn.transaction()?;
    tx.execute(
        "UPDATE business SET trading_name = ?1, legal_name = ?2, address = ?3, email = ?4, phone = ?5, country = 'GB', currency = 'GBP', payment_details = ?6, sort_code = '20-45-77', account_number = '43819265', signatory_name = 'Dan Brightwell', signatory_title = 'Director' WHERE id = 1",
        params![
            "Brightwell Plumbing & Heating",
            "Brightwell Plumbing & Heating Ltd",
            "Unit 7, Feeder Road Business Park\nBristol BS2 0UY\nUnited Kingdom",
            "accounts@brightwell-plumbing.co.uk",
            "0117 496 0732",
            "Bank transfer to Brightwell Plumbing & Heating Ltd\nSort code 20-45-77 · Account 43819265\nPlease quote the invoice number as reference."
        ],
    )?;
    let mut rng = Lcg(0x0DDB1A5E5BAD5EED);
    let mut client_ids = Vec::with_capacity(CLIENTS.len());
    for (i, (name, kind, contact, street, town)) in CLIENTS.iter().enumerate() {
        let slug: String = name.chars().filter(|c| c.is_ascii_alphanumeric()).take(14).collect::<String>().to_lowercase();
        let email = if *kind == "consumer" { format!("{slug}@example.net") } else { format!("accounts@{slug}.example.co.uk") };
        let input = ClientInput {
            name: name.to_string(),
            legal_name: if *kind == "company" && name.ends_with("Ltd") { name.to_string() } else { String::new() },
            kind: kind.to_string(),
            contact_person: contact.to_string(),
            email,
            phone: format!("0117 496 {:04}", 1000 + i * 97 % 8999),
            address: format!("{street}\n{town}"),
            time_zone: "Europe/London".into(),
            notes: String::new(),
        };
        let id = insert_client(&tx, &input)?;
        append_event(&tx, id, today - Duration::days(300), "client_created", &format!("Client '{name}' created (demo data)"))?;
        client_ids.push(id);
    }
    // 150 invoices: for each, a due date offset chosen so every aging bucket
    // is well populated; about 1 in 6 paid in full, 1 in 6 part-paid.
    let now = now_stamp();
    let mut invoices = 0;
    let mut payments = 0;
    for k in 0..150u64 {
        let client_idx = ((k * 7 + rng.below(5)) % CLIENTS.len() as u64) as usize;
        let client_id = client_ids[client_idx];
        let days_overdue: i64 = match k % 10 {
            0 | 1 => -(rng.below(28) as i64) - 1, // not yet due
            2..=4 => 1 + rng.below(30) as i64,
            5 | 6 => 31 + rng.below(30) as i64,
            7 => 61 + rng.below(30) as i64,
            _ => 91 + rng.below(150) as i64,
        };
        let due = today - Duration::days(days_overdue);
        let terms = if CLIENTS[client_idx].1 == "consumer" { 14 } else { 30 };
        let issue = due - Duration::days(terms);
        let pounds = match rng.below(10) {
            0..=4 => 85 + rng.below(400),
            5..=7 => 480 + rng.below(1800),
            _ => 2200 + rng.below(6500),
        } as i64;
        let amount = pounds * 100 + [0, 50, 0, 25, 99, 0, 75, 20][rng.below(8) as usize];
        let number = format!("BPH-{}", 2410 + k);
        let job = JOBS[rng.below(JOBS.len() as u64) as usize];
        tx.execute(
            "INSERT INTO invoices (number, client_id, issue_date, due_date, amount_minor, currency, description, created_at, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, 'GBP', ?6, ?7, ?7)",
            params![number, client_id, issue.to_string(), due.to_string(), amount, job, now],
        )?;
        let invoice_id = tx.last_insert_rowid();
        invoices += 1;
        let paid = match k % 6 {
            3 if days_overdue > 0 => amount,                      // paid in full
            5 => (amount / 100) * (20 + rng.below(50) as i64), // part-paid (20–69 %)
            _ => 0,
        };
        if paid > 0 {
            // Paid in full: after the due date, once chased (so the recovery
            // figures have something to show); part payments came on time.
            let pay_date = if paid == amount {
                (due + Duration::days(1 + rng.below(days_overdue.max(1) as u64) as i64)).min(today)
            } else {
                (issue + Duration::days(rng.below(terms as u64) as i64 + 1)).min(today)
            };
            let pid = insert_payment(&tx, client_id, pay_date, paid, "GBP", "bank transfer", &number, &now)?;
            insert_allocation(&tx, pid, invoice_id, paid)?;
            payments += 1;
            append_event(&tx, client_id, pay_date, "payment_recorded", &format!("Payment of £{}.{:02} received on {} to {number} (demo data)", paid / 100, paid % 100, human_date(pay_date)))?;
        }
        append_event(&tx, client_id, issue, "invoice_created", &format!("Invoice {number} issued, due {} (demo data)", human_date(due)))?;
    }
    chase_history(&tx, today, &mut rng, &client_ids)?;
    tx.commit()?;
    Ok(DemoReport { clients: CLIENTS.len(), invoices, payments })
}

/// A believable past of chasing: each client's reminders sent up to a few
/// days ago (so Today holds a realistic mix of stages), a few calls, a
/// pending promise, a broken one, a disputed invoice and a paused client.
/// The business charges statutory interest (Late Payment Act).
fn chase_history(tx: &Connection, today: NaiveDate, rng: &mut Lcg, client_ids: &[i64]) -> Result<()> {
    crate::settings::put(tx, "interest", &crate::interest::InterestPolicy::UkLatePayment)?;
    let stages: Vec<(i64, i64, String, String)> = {
        let mut st = tx.prepare("SELECT id, offset_days, channel, name FROM ladder_stages WHERE kind = 'contact' AND offset_days >= 0 ORDER BY offset_days")?;
        let rows = st.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?;
        rows.collect::<std::result::Result<_, _>>()?
    };
    let now = now_stamp();
    let mut overdue_clients = Vec::new();
    for &client_id in client_ids {
        let open: Vec<(i64, String, NaiveDate, i64)> = {
            let mut st = tx.prepare(
                concat!("SELECT i.id, i.number, i.due_date, ", outstanding!(), " AS o
                 FROM invoices i WHERE i.client_id = ?1 AND o > 0 AND i.due_date < ?2 ORDER BY i.due_date"),
            )?;
            let rows = st.query_map(params![client_id, today.to_string()], |r| {
                Ok((r.get(0)?, r.get(1)?, crate::ledger::date(&r.get::<_, String>(2)?), r.get(3)?))
            })?;
            rows.collect::<std::result::Result<_, _>>()?
        };
        if open.is_empty() {
            continue;
        }
        overdue_clients.push((client_id, open.clone()));
        // The owner is a few days behind with this client.
        let lag = Duration::days(rng.below(12) as i64);
        for (stage_id, offset, channel, name) in &stages {
            let on = open[0].2 + Duration::days(*offset);
            if on > today - lag || *offset > 60 {
                break;
            }
            let covered: Vec<&(i64, String, NaiveDate, i64)> = open.iter().filter(|o| o.2 + Duration::days(*offset) <= today - lag).collect();
            let status = if channel == "call" { "done" } else { "sent" };
            tx.execute(
                "INSERT INTO contacts (client_id, stage_id, channel, status, on_date, created_at, sent_at, subject, body, outcome, recipient)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, '(demo data)', ?9,
                         (SELECT CASE ?3 WHEN 'email' THEN email WHEN 'letter' THEN address ELSE phone END FROM clients WHERE id = ?1))",
                params![client_id, stage_id, channel, status, on.to_string(), now, format!("{on}T10:00:00Z"), name, if channel == "call" { "voicemail" } else { "" }],
            )?;
            let contact = tx.last_insert_rowid();
            for o in &covered {
                tx.execute("INSERT INTO contact_invoices (contact_id, invoice_id) VALUES (?1, ?2)", params![contact, o.0])?;
                tx.execute(
                    "INSERT INTO chase_steps (invoice_id, stage_id, action, on_date, contact_id, created_at) VALUES (?1, ?2, 'sent', ?3, ?4, ?5)",
                    params![o.0, stage_id, on.to_string(), contact, now],
                )?;
            }
            let numbers = covered.iter().map(|o| o.1.as_str()).collect::<Vec<_>>().join(", ");
            let what = match channel.as_str() {
                "call" => "call, left a voicemail",
                "letter" => "letter posted",
                "sms" => "SMS sent",
                _ => "email sent",
            };
            append_event(tx, client_id, on, &format!("{channel}_sent"), &format!("{name}: {what} ({numbers}) (demo data)"))?;
        }
    }
    // A pending promise, a broken one, a dispute and a pause on four clients.
    let pick = |n: usize| overdue_clients.get(n * overdue_clients.len() / 5).cloned();
    if let Some((cid, open)) = pick(1) {
        let amount = (open[0].3 / 200) * 100;
        tx.execute(
            "INSERT INTO promises (client_id, amount_minor, currency, promised_on, due_date, note, created_at) VALUES (?1, ?2, 'GBP', ?3, ?4, 'Said they would pay half on Friday (demo data)', ?5)",
            params![cid, amount.max(100), (today - Duration::days(2)).to_string(), (today + Duration::days(3)).to_string(), now],
        )?;
        let pid = tx.last_insert_rowid();
        tx.execute("INSERT INTO promise_invoices (promise_id, invoice_id) VALUES (?1, ?2)", params![pid, open[0].0])?;
        append_event(tx, cid, today - Duration::days(2), "promise_made", &format!("Promise to pay £{}.{:02} by {} ({}); chasing paused (demo data)", amount / 100, amount % 100, human_date(today + Duration::days(3)), open[0].1))?;
    }
    if let Some((cid, open)) = pick(2) {
        let amount = open[0].3.min(50_000);
        tx.execute(
            "INSERT INTO promises (client_id, amount_minor, currency, promised_on, due_date, status, note, created_at, resolved_at)
             VALUES (?1, ?2, 'GBP', ?3, ?4, 'broken', 'Promised on the phone (demo data)', ?5, ?6)",
            params![cid, amount, (today - Duration::days(14)).to_string(), (today - Duration::days(5)).to_string(), now, (today - Duration::days(1)).to_string()],
        )?;
        let pid = tx.last_insert_rowid();
        tx.execute("INSERT INTO promise_invoices (promise_id, invoice_id) VALUES (?1, ?2)", params![pid, open[0].0])?;
        append_event(tx, cid, today - Duration::days(1), "promise_broken", &format!("Promise broken: £{}.{:02} promised by {} was not paid; chasing resumes at the next stage (demo data)", amount / 100, amount % 100, human_date(today - Duration::days(5))))?;
    }
    if let Some((cid, open)) = pick(3) {
        tx.execute("UPDATE invoices SET disputed = 1, dispute_reason = 'Client says the radiator valve still leaks (demo data)' WHERE id = ?1", [open[0].0])?;
        append_event(tx, cid, today - Duration::days(6), "dispute_opened", &format!("Invoice {} disputed: not chased until resolved (demo data)", open[0].1))?;
    }
    if let Some((cid, _)) = pick(4) {
        tx.execute(
            "UPDATE clients SET paused_until = ?2, pause_reason = 'Owner in hospital; agreed to wait (demo data)' WHERE id = ?1",
            params![cid, (today + Duration::days(10)).to_string()],
        )?;
        append_event(tx, cid, today - Duration::days(4), "chase_paused", &format!("Chasing paused until {} (demo data)", human_date(today + Duration::days(10))))?;
    }
    Ok(())
}

#[derive(Debug, Clone, serde::Serialize)]
pub struct DemoReport {
    pub clients: usize,
    pub invoices: usize,
    pub payments: usize,
}
