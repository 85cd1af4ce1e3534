//! Compound sets, their molecules, activity sets and activities in the
//! database (SQLite or PostgreSQL through `genui_storage`).
//!
//! Lookups that take an `owner` only see rows in that user's projects; a row
//! of another user is indistinguishable from a missing one.

mod activities;
mod molecules;
mod query;
mod sets;

use genui_chem::descriptors::Descriptors;
use genui_storage::PageRequest;
use sqlx::QueryBuilder;

pub use activities::*;
pub use molecules::*;
pub use query::*;
pub use sets::*;

/// The molecule properties stored as columns (the chemistry core's descriptors).
pub const PROPERTIES: [&str; 31] = Descriptors::NAMES;

/// Rows per multi-row INSERT: well inside both backends' parameter limits.
const BATCH: usize = 400;

/// Appends ` LIMIT … OFFSET …` for `page`.
fn push_page<'a, DB: sqlx::Database>(builder: &mut QueryBuilder<'a, DB>, page: PageRequest)
where
    i64: sqlx::Encode<'a, DB> + sqlx::Type<DB>,
{
    builder
        .push(" LIMIT ")
        .push_bind(page.limit)
        .push(" OFFSET ")
        .push_bind(page.offset);
}
