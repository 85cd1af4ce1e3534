//! Integration tests of the HTTP API: a real server on a random port, real databases
//! (SQLite always; PostgreSQL too when reachable — see `genui-test-support`).

mod accounts;
mod chembl;
mod compound_inputs;
mod compound_sets;
mod contract;
mod conventions;
mod extension;
mod fragment_generators;
mod generators;
mod hardening;
mod helpers;
mod isolation;
mod maps;
mod projects;
mod qsar;
mod qsar_uncertainty;
mod tasks;
