//! An imported generator network (a `config.json` and its safetensors
//! weights) never panics or aborts loading, whatever the bytes: the input's
//! first line is taken as the weights' length, then the configuration text
//! and the weights follow. Both formats are tried: SMILES networks and graph
//! transformers.
#![no_main]

use genui_generator_engine::files::{from_parts, graph_from_parts, parse_config};
use candle_core::Device;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some(newline) = data.iter().position(|&b| b == b'\n') else { return };
    let Some(length) = std::str::from_utf8(&data[..newline])
        .ok()
        .and_then(|l| l.trim().parse::<usize>().ok())
    else {
        return;
    };
    let rest = &data[newline + 1..];
    let Some(split) = rest.len().checked_sub(length) else { return };
    let (config, weights) = rest.split_at(split);
    let Ok(config) = std::str::from_utf8(config) else { return };
    if let Ok(file) = parse_config(config) {
        let _ = from_parts(file, weights, &Device::Cpu);
    }
    let _ = graph_from_parts(config, weights, &Device::Cpu);
});
