//! Allocation of a payment to open invoices: oldest due first by default, or a
//! chosen invoice first; what is left over becomes client credit. Pure: the
//! ledger loads the open items, this decides, the ledger writes.

use chrono::NaiveDate;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpenItem {
    pub invoice_id: i64,
    pub number: String,
    pub issue_date: NaiveDate,
    pub due_date: NaiveDate,
    /// Outstanding in minor units; items with nothing outstanding are skipped.
    pub outstanding: i64,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Allocation {
    pub invoice_id: i64,
    pub amount: i64,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Plan {
    pub allocations: Vec<Allocation>,
    /// Left over after every open item was paid: kept as client credit.
    pub credit: i64,
}

/// Oldest first: by due date, then issue date, then invoice number.
pub fn sort_oldest_first(items: &mut [OpenItem]) {
    items.sort_by(|a, b| {
        (a.due_date, a.issue_date, &a.number, a.invoice_id).cmp(&(b.due_date, b.issue_date, &b.number, b.invoice_id))
    });
}

/// Splits `amount` (> 0) over `items`. With `chosen`, that invoice is paid
/// first; any remainder goes oldest first to the others. Exact: the parts and
/// the credit always add up to `amount`.
pub fn allocate(amount: i64, items: &[OpenItem], chosen: Option<i64>) -> Plan {
    let mut ordered: Vec<&OpenItem> = items.iter().filter(|i| i.outstanding > 0).collect();
    let mut sorted: Vec<OpenItem> = ordered.iter().map(|i| (*i).clone()).collect();
    sort_oldest_first(&mut sorted);
    ordered = Vec::with_capacity(sorted.len());
    if let Some(id) = chosen {
        if let Some(first) = sorted.iter().find(|i| i.invoice_id == id) {
            ordered.push(first);
        }
    }
    for item in &sorted {
        if Some(item.invoice_id) != chosen {
            ordered.push(item);
        }
    }
    let mut left = amount;
    let mut allocations = Vec::new();
    for item in ordered {
        if left == 0 {
            break;
        }
        let part = left.min(item.outstanding);
        allocations.push(Allocation { invoice_id: item.invoice_id, amount: part });
        left -= part;
    }
    Plan { allocations, credit: left }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item(id: i64, due: &str, outstanding: i64) -> OpenItem {
        let d = NaiveDate::parse_from_str(due, "%Y-%m-%d").unwrap();
        OpenItem { invoice_id: id, number: format!("INV-{id}"), issue_date: d - chrono::Duration::days(30), due_date: d, outstanding }
    }

    #[test]
    fn oldest_due_is_paid_first() {
        let items = vec![item(1, "2026-03-01", 5000), item(2, "2026-01-01", 3000), item(3, "2026-02-01", 4000)];
        let p = allocate(5000, &items, None);
        assert_eq!(p.allocations, vec![Allocation { invoice_id: 2, amount: 3000 }, Allocation { invoice_id: 3, amount: 2000 }]);
        assert_eq!(p.credit, 0);
    }

    #[test]
    fn chosen_invoice_first_then_oldest() {
        let items = vec![item(1, "2026-03-01", 5000), item(2, "2026-01-01", 3000)];
        let p = allocate(6000, &items, Some(1));
        assert_eq!(p.allocations, vec![Allocation { invoice_id: 1, amount: 5000 }, Allocation { invoice_id: 2, amount: 1000 }]);
    }

    #[test]
    fn overpayment_becomes_credit_and_sums_are_exact() {
        let items = vec![item(1, "2026-03-01", 1001), item(2, "2026-01-01", 0)];
        let p = allocate(2500, &items, None);
        assert_eq!(p.allocations, vec![Allocation { invoice_id: 1, amount: 1001 }]);
        assert_eq!(p.credit, 1499);
        let total: i64 = p.allocations.iter().map(|a| a.amount).sum::<i64>() + p.credit;
        assert_eq!(total, 2500);
    }

    #[test]
    fn nothing_open_means_all_credit() {
        let p = allocate(700, &[], None);
        assert!(p.allocations.is_empty());
        assert_eq!(p.credit, 700);
    }

    #[test]
    fn ties_on_due_date_break_by_issue_date_then_number() {
        let mut a = item(1, "2026-01-10", 100);
        let mut b = item(2, "2026-01-10", 100);
        a.issue_date = NaiveDate::from_ymd_opt(2025, 12, 20).unwrap();
        b.issue_date = NaiveDate::from_ymd_opt(2025, 12, 1).unwrap();
        let p = allocate(100, &[a, b], None);
        assert_eq!(p.allocations[0].invoice_id, 2);
    }
}
