//! QSAR models in the platform: their rows in the database ([`store`]) and the build and
//! prediction tasks ([`task`]) that run the learning engine (`genui-ml`) on a project's
//! activity sets and keep the model files in the file store, each with its [`card`].

#![forbid(unsafe_code)]

pub mod card;
pub mod store;
pub mod task;
