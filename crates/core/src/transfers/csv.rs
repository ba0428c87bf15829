//! Transfers as CSV: one line per transfer, amounts in major units of their currency (exact
//! text, as typed in the app), so a spreadsheet reads $100.00 as 100.00 and ¥500 as 500.

use super::model::Transfer;
use crate::guard::CsvTable;
use crate::money::major_text;

pub(super) const TRANSFERS_CSV: CsvTable<Transfer> = CsvTable {
    what: "transfers",
    header: &HEADER,
    row,
};

const HEADER: [&str; 13] = [
    "transfer",
    "created",
    "account",
    "merchant",
    "currency",
    "amount",
    "amountReversed",
    "status",
    "description",
    "reversals",
    "transferGroup",
    "sourceTransaction",
    "mode",
];

fn row(transfer: &Transfer) -> Vec<String> {
    let mode = match (transfer.offline, transfer.mode) {
        (true, _) => "sandbox",
        (false, 1) => "live",
        (false, _) => "test",
    };
    vec![
        transfer.transfer_id.clone(),
        transfer.created.clone(),
        transfer.account_id.clone(),
        transfer.merchant_id.clone().unwrap_or_default(),
        transfer.currency.clone(),
        major_text(transfer.amount, &transfer.currency),
        major_text(transfer.amount_reversed, &transfer.currency),
        transfer.status.as_str().to_string(),
        transfer.description.clone().unwrap_or_default(),
        transfer.reversals.len().to_string(),
        transfer.transfer_group.clone().unwrap_or_default(),
        transfer.source_transaction.clone().unwrap_or_default(),
        mode.to_string(),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::transfers::model::TransferStatus;

    fn transfer(amount: i64, currency: &str, reversed: i64) -> Transfer {
        Transfer {
            id: 1,
            workspace_id: 1,
            transfer_id: "tr_abc123".into(),
            account_id: "acct_1234567890".into(),
            merchant_id: Some("merchant_123".into()),
            amount,
            amount_reversed: reversed,
            currency: currency.into(),
            status: TransferStatus::of(amount, reversed),
            description: Some("Weekly tip payout, \"January\"".into()),
            metadata: Default::default(),
            reversals: Vec::new(),
            source_transaction: None,
            transfer_group: None,
            destination_payment: None,
            made_here: true,
            mode: 0,
            offline: true,
            created: "2026-01-22T10:00:00.000Z".into(),
            created_at: String::new(),
            updated_at: String::new(),
            deleted_at: String::new(),
        }
    }

    #[test]
    fn amounts_are_exact_major_units_and_text_is_quoted() {
        let rows = [transfer(10_000, "usd", 5_000), transfer(500, "jpy", 0)].map(|t| row(&t));
        let text = String::from_utf8(crate::csv_file::csv_bytes(&HEADER, &rows).expect("csv"))
            .expect("utf-8");
        let lines: Vec<&str> = text.split("\r\n").collect();
        assert_eq!(lines[0], HEADER.join(","));
        assert_eq!(
            lines[1],
            "tr_abc123,2026-01-22T10:00:00.000Z,acct_1234567890,merchant_123,usd,100.00,50.00,partiallyReversed,\"Weekly tip payout, \"\"January\"\"\",0,,,sandbox"
        );
        assert!(lines[2].contains(",jpy,500,0,paid,"), "{}", lines[2]);
    }
}
