//! The generator workflow of the platform, built on the engine (`genui-generator-engine`):
//!
//! * [`spec`]: what a user asks for — a network to pretrain or fine-tune, an agent to optimize,
//!   an environment of scorers (molecular properties or the project's QSAR models), a sample;
//! * [`store`]: networks (with their per-epoch metrics) and environments in the database, the
//!   weights in the file store;
//! * [`shipped`]: the default pretrained network, built into the binary and offered in every
//!   project without a copy;
//! * [`scorer`]: a QSAR model file as a scorer of the engine;
//! * [`task`]: training, reinforcement learning, sampling into a generated compound set, and
//!   scoring a compound set against an environment — all on the `gpu` queue.

#![forbid(unsafe_code)]

pub mod report;
pub mod scorer;
pub mod shipped;
pub mod spec;
pub mod store;
pub mod task;
