//! Stripe's test PaymentMethod tokens. A token creates a card PaymentMethod; the card's last
//! four digits then decide what a confirmation does, as with Stripe's test card numbers.

/// What confirming with a card does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Behavior {
    /// Authorized; funds follow the account's payout delay.
    Succeed,
    /// Authorized; funds are available immediately (4000 0000 0000 0077).
    SucceedAvailable,
    /// Authorized, then disputed as fraudulent right away (4000 0000 0000 0259).
    SucceedThenDispute,
    /// Needs 3D Secure: the intent waits in `requires_action` for the customer, whom only
    /// Stripe.js can take through it (4000 0027 6000 3184).
    RequireAuthentication,
    /// Declined.
    Decline(Decline),
}

/// A decline: `code`, `decline_code`, message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Decline {
    pub code: &'static str,
    pub decline_code: &'static str,
    pub message: &'static str,
}

/// One test card.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TestCard {
    pub token: &'static str,
    pub brand: &'static str,
    pub last4: &'static str,
    pub funding: &'static str,
    pub behavior: Behavior,
}

const fn card(
    token: &'static str,
    brand: &'static str,
    last4: &'static str,
    funding: &'static str,
    behavior: Behavior,
) -> TestCard {
    TestCard {
        token,
        brand,
        last4,
        funding,
        behavior,
    }
}

const fn decline(
    code: &'static str,
    decline_code: &'static str,
    message: &'static str,
) -> Behavior {
    Behavior::Decline(Decline {
        code,
        decline_code,
        message,
    })
}

/// Every supported token.
pub const CARDS: &[TestCard] = &[
    card("pm_card_visa", "visa", "4242", "credit", Behavior::Succeed),
    card(
        "pm_card_visa_debit",
        "visa",
        "5556",
        "debit",
        Behavior::Succeed,
    ),
    card(
        "pm_card_mastercard",
        "mastercard",
        "4444",
        "credit",
        Behavior::Succeed,
    ),
    card("pm_card_amex", "amex", "8431", "credit", Behavior::Succeed),
    card(
        "pm_card_discover",
        "discover",
        "1117",
        "credit",
        Behavior::Succeed,
    ),
    card("pm_card_us", "visa", "4242", "credit", Behavior::Succeed),
    card(
        "pm_card_bypassPending",
        "visa",
        "0077",
        "credit",
        Behavior::SucceedAvailable,
    ),
    card(
        "pm_card_authenticationRequired",
        "visa",
        "3184",
        "credit",
        Behavior::RequireAuthentication,
    ),
    card(
        "pm_card_createDispute",
        "visa",
        "0259",
        "credit",
        Behavior::SucceedThenDispute,
    ),
    card(
        "pm_card_chargeDeclined",
        "visa",
        "0002",
        "credit",
        decline(
            "card_declined",
            "generic_decline",
            "Your card was declined.",
        ),
    ),
    card(
        "pm_card_chargeDeclinedInsufficientFunds",
        "visa",
        "9995",
        "credit",
        decline(
            "card_declined",
            "insufficient_funds",
            "Your card has insufficient funds.",
        ),
    ),
    card(
        "pm_card_chargeDeclinedFraudulent",
        "visa",
        "0019",
        "credit",
        decline("card_declined", "fraudulent", "Your card was declined."),
    ),
    card(
        "pm_card_chargeDeclinedIncorrectCvc",
        "visa",
        "0127",
        "credit",
        decline(
            "incorrect_cvc",
            "incorrect_cvc",
            "Your card's security code is incorrect.",
        ),
    ),
    card(
        "pm_card_chargeDeclinedExpiredCard",
        "visa",
        "0069",
        "credit",
        decline("expired_card", "expired_card", "Your card has expired."),
    ),
    card(
        "pm_card_chargeDeclinedProcessingError",
        "visa",
        "0119",
        "credit",
        decline(
            "processing_error",
            "processing_error",
            "An error occurred while processing your card. Try again in a little bit.",
        ),
    ),
];

/// The test card a token stands for.
pub fn by_token(token: &str) -> Option<&'static TestCard> {
    CARDS.iter().find(|c| c.token == token)
}

/// The behaviour of a card with these last four digits (unknown cards succeed).
pub fn behavior(last4: &str) -> Behavior {
    CARDS
        .iter()
        .find(|c| c.last4 == last4)
        .map(|c| c.behavior)
        .unwrap_or(Behavior::Succeed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn last4_are_unique_per_behavior() {
        for a in CARDS {
            for b in CARDS {
                if a.last4 == b.last4 {
                    assert_eq!(a.behavior, b.behavior, "{} vs {}", a.token, b.token);
                }
            }
        }
    }
}
