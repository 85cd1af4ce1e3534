//! Chemical space maps in the platform: what a map is made of ([`spec`]: compound sets,
//! descriptors, an algorithm of the learning engine `genui-ml` with typed parameters, a seed),
//! maps and their points in the database ([`store`]), and the build and transform [`task`]s.

#![forbid(unsafe_code)]

pub mod spec;
pub mod store;
pub mod task;
