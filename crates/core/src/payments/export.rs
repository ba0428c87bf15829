//! Payments as CSV: amounts in major units of their currency (exact decimal text), so a
//! spreadsheet reads them as numbers.

use super::model::Payment;
use crate::guard::CsvTable;
use crate::money::major_text;

pub(super) const PAYMENTS_CSV: CsvTable<Payment> = CsvTable {
    what: "payments",
    header: &[
        "paymentIntentId",
        "created",
        "accountId",
        "merchantId",
        "status",
        "currency",
        "amount",
        "amountReceived",
        "amountRefunded",
        "applicationFee",
        "applicationFeeRefunded",
        "destinationAmount",
        "feeRule",
        "orderId",
        "customerEmail",
        "card",
        "disputed",
    ],
    row,
};

fn row(payment: &Payment) -> Vec<String> {
    let money = |minor: i64| major_text(minor, &payment.currency);
    let text = |value: &Option<String>| value.clone().unwrap_or_default();
    vec![
        payment.payment_intent_id.clone(),
        payment.created.clone(),
        payment.account_id.clone(),
        text(&payment.merchant_id),
        payment.status.clone(),
        payment.currency.to_ascii_uppercase(),
        money(payment.amount),
        money(payment.amount_received),
        money(payment.amount_refunded),
        money(payment.application_fee_amount),
        money(payment.application_fee_refunded),
        money(payment.destination_amount),
        text(&payment.fee_rule),
        text(&payment.order_id),
        text(&payment.customer_email),
        text(&payment.card),
        payment.disputed.to_string(),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_zero_decimal_amount_is_not_divided() {
        let payment: Payment = serde_json::from_value(serde_json::json!({
            "id": 1, "workspaceId": 1, "paymentIntentId": "pi_1", "accountId": "acct_1",
            "merchantId": "m-1", "amount": 2500, "amountCapturable": 0, "amountReceived": 2500,
            "amountRefunded": 500, "currency": "jpy", "status": "succeeded",
            "captureMethod": "automatic", "applicationFeeAmount": 75,
            "applicationFeeRefunded": 15, "destinationAmount": 2425, "feeRule": null,
            "orderId": "A, \"1\"", "customerEmail": null, "card": null, "chargeId": null,
            "transferId": null, "applicationFeeId": null, "disputed": false, "failure": null,
            "metadata": {}, "refunds": [], "timeline": [], "mode": 0, "offline": true,
            "created": "2026-12-01T10:00:00.000Z", "createdAt": "", "updatedAt": "",
            "deletedAt": ""
        }))
        .expect("payment");
        let cells = row(&payment);
        assert_eq!(cells.len(), PAYMENTS_CSV.header.len());
        assert_eq!(
            &cells[5..12],
            ["JPY", "2500", "2500", "500", "75", "15", "2425"]
        );
        assert_eq!(cells[13], "A, \"1\"");
    }
}
