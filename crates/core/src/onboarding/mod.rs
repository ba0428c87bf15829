//! Onboarding of connected accounts: a local entry per account ConnectDesk created at Stripe,
//! its onboarding links, its status derived from the account, and a durable create that never
//! leaves Stripe with two accounts for one merchant request.
//!
//! The operations mirror the onboarding API: `list`, `get`, `create`, `act` (`finish`,
//! `refresh`, `dashboard`) and `delete`; `sync` finishes a whole workspace. Stripe is reached
//! through a [`StripeAccess`], so the service itself holds no key.

mod choices;
mod create;
mod entry;
mod errors;
mod events;
mod faults;
mod gate;
mod in_flight;
mod lookup;
mod model;
mod names;
mod pending;
mod remote;
mod service;
mod status;
mod sync;
pub mod validate;

pub use choices::{onboarding_choices, BusinessTypeChoice, CountryChoice, OnboardingChoices};
pub use faults::SaveFaults;
pub(crate) use in_flight::InFlight;
pub(crate) use lookup::entry_of_account;
pub use model::*;
pub use names::payment_method_name;
pub use pending::{METADATA_MERCHANT, METADATA_WORKSPACE};
pub(crate) use remote::login_link;
pub use service::{Onboarding, OnboardingAction};
pub(crate) use service::{CUSTOM_HAS_NO_DASHBOARD, EXPRESS_NOT_ONBOARDED};
pub use status::{derive_status, tos_accepted};
