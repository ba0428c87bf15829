//! Where state lives: id-ordered tables in memory ([`Table`]), all of them in one [`Db`],
//! optionally mirrored per object into sled ([`Persist`]), and rendered to Stripe JSON
//! ([`render`]).

mod db;
mod persist;
pub mod render;
mod table;

pub use db::Db;
pub use persist::Persist;
pub use table::Table;
