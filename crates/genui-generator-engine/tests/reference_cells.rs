//! Our recurrent cells against an independent implementation: `candle_nn::rnn`'s LSTM and GRU
//! (PyTorch's equations and layout), given the same weights, must give the same logits — both
//! for the whole-sequence forward used in training and the step-by-step path used in sampling.

use std::collections::HashMap;

use candle_core::{DType, Device, Tensor};
use candle_nn::rnn::{GRUConfig, LSTMConfig, RNN};
use candle_nn::VarBuilder;
use genui_generator_engine::config::{Cell, ModelConfig};
use genui_generator_engine::language_model::LanguageModel;
use genui_generator_engine::model::{masked_cross_entropy, RnnLm};

fn ok<T, E: std::fmt::Display>(r: Result<T, E>) -> T {
    r.unwrap_or_else(|e| panic!("{e}"))
}

fn model(cell: Cell, num_layers: usize) -> RnnLm {
    let config = ModelConfig {
        cell,
        vocab_size: 9,
        embedding_dim: 5,
        hidden_dim: 7,
        num_layers,
    };
    ok(RnnLm::new(config, 3, &Device::Cpu))
}

fn ids() -> Tensor {
    ok(Tensor::from_vec(
        vec![1u32, 4, 5, 8, 3, 1, 7, 7, 6, 2],
        (2, 5),
        &Device::Cpu,
    ))
}

/// Logits computed with candle_nn's cells from our model's weights.
fn reference_logits(m: &RnnLm) -> Tensor {
    let tensors: HashMap<String, Tensor> = m
        .parameters()
        .iter()
        .map(|(n, v)| (n.clone(), v.as_tensor().clone()))
        .collect();
    let vb = VarBuilder::from_tensors(tensors.clone(), DType::F32, &Device::Cpu);
    let c = m.config();
    let input = ids();
    let (b, t) = ok(input.dims2());
    let mut x = ok(
        ok(tensors["embed.weight"].index_select(&ok(input.flatten_all()), 0)).reshape((
            b,
            t,
            c.embedding_dim,
        )),
    );
    for layer in 0..c.num_layers {
        let width = if layer == 0 {
            c.embedding_dim
        } else {
            c.hidden_dim
        };
        let hs: Vec<Tensor> = match c.cell {
            Cell::Lstm => {
                let config = LSTMConfig {
                    layer_idx: layer,
                    ..LSTMConfig::default()
                };
                let lstm = ok(candle_nn::rnn::lstm(
                    width,
                    c.hidden_dim,
                    config,
                    vb.pp("rnn"),
                ));
                ok(lstm.seq(&x)).iter().map(|s| s.h().clone()).collect()
            }
            Cell::Gru => {
                assert_eq!(layer, 0, "candle_nn's GRU reads layer 0 only");
                let gru = ok(candle_nn::rnn::gru(
                    width,
                    c.hidden_dim,
                    GRUConfig::default(),
                    vb.pp("rnn"),
                ));
                ok(gru.seq(&x)).iter().map(|s| s.h().clone()).collect()
            }
        };
        x = ok(Tensor::stack(&hs, 1));
    }
    let flat = ok(x.reshape((b * t, c.hidden_dim)));
    let logits =
        ok(ok(flat.matmul(&ok(tensors["linear.weight"].t())))
            .broadcast_add(&tensors["linear.bias"]));
    ok(logits.reshape((b, t, c.vocab_size)))
}

fn max_abs_diff(a: &Tensor, b: &Tensor) -> f32 {
    ok(ok(ok(ok(a - b).abs()).flatten_all())
        .max(0)
        .and_then(|t| t.to_scalar::<f32>()))
}

fn check(cell: Cell, num_layers: usize) {
    let m = model(cell, num_layers);
    let expected = reference_logits(&m);
    let forward = ok(m.forward(&ids()));
    let diff = max_abs_diff(&forward, &expected);
    assert!(
        diff < 1e-5,
        "{cell:?} forward differs from candle_nn by {diff}"
    );

    // Step by step, as sampling runs.
    let input = ids();
    let (b, t) = ok(input.dims2());
    let mut states = ok(m.start(b));
    let mut steps = Vec::new();
    for s in 0..t {
        let tokens = ok(ok(input.narrow(1, s, 1)).squeeze(1));
        steps.push(ok(m.step(&tokens, &mut states)));
    }
    let stepped = ok(Tensor::stack(&steps, 1));
    let diff = max_abs_diff(&stepped, &expected);
    assert!(
        diff < 1e-5,
        "{cell:?} step differs from candle_nn by {diff}"
    );
}

#[test]
fn our_two_layer_lstm_gives_the_same_logits_as_candle_nns_lstm() {
    check(Cell::Lstm, 2);
}

#[test]
fn our_gru_gives_the_same_logits_as_candle_nns_gru() {
    check(Cell::Gru, 1);
}

/// Logits through candle's generic autodiff, one time step at a time: the reference for the
/// fused cells' hand-written backward passes.
fn stepped_logits(m: &RnnLm, input: &Tensor) -> Tensor {
    ok(m.forward_stepwise(input))
}

#[test]
fn the_fused_cells_give_the_same_gradients_as_autodiff_through_every_step() {
    for cell in [Cell::Lstm, Cell::Gru] {
        check_gradients(cell);
    }
}

fn check_gradients(cell: Cell) {
    let m = model(cell, 2);
    let input = ids();
    let target = ok(Tensor::from_vec(
        vec![4u32, 5, 8, 3, 2, 7, 7, 6, 2, 0],
        (2, 5),
        &Device::Cpu,
    ));
    let fused = ok(masked_cross_entropy(&ok(m.forward(&input)), &target));
    let stepped = ok(masked_cross_entropy(&stepped_logits(&m, &input), &target));
    let (lf, ls) = (ok(fused.to_scalar::<f32>()), ok(stepped.to_scalar::<f32>()));
    assert!((lf - ls).abs() < 1e-5, "loss {lf} vs {ls}");
    let (gf, gs) = (ok(fused.backward()), ok(stepped.backward()));
    for (name, var) in m.parameters() {
        let a = ok(gf
            .get(var)
            .map(|g| g.flatten_all())
            .unwrap_or_else(|| panic!("no grad {name}")));
        let b = ok(gs
            .get(var)
            .map(|g| g.flatten_all())
            .unwrap_or_else(|| panic!("no grad {name}")));
        let diff = max_abs_diff(&a, &b);
        let scale = ok(ok(ok(b.abs()).max(0)).to_scalar::<f32>()).max(1e-3);
        assert!(
            diff / scale < 1e-4,
            "{cell:?} {name}: gradients differ by {diff} (scale {scale})"
        );
    }
    // A second backward pass through the same graph recomputes the activations the first took.
    let again = ok(fused.backward());
    for (name, var) in m.parameters() {
        let diff = match (gf.get(var), again.get(var)) {
            (Some(a), Some(b)) => max_abs_diff(&ok(a.flatten_all()), &ok(b.flatten_all())),
            _ => panic!("no grad {name}"),
        };
        assert_eq!(diff, 0.0, "{name}");
    }
}
