"""PyTorch reference for `cargo run --release -p genui-generator-engine --example sample_speed`.

Samples the networks that example writes (`shipped/` and `drugex/`, each `config.json` +
`weights.safetensors` in PyTorch's LSTM layout) the way ours does: batches of 512 from the start
token, one multinomial draw per step at temperature 1, at most 100 tokens, finished sequences
leaving the batch. Also times DrugEx's own loop (every sequence runs all 100 steps). Needs
`torch` and `safetensors` from PyPI:

    python3 crates/genui-generator-engine/bench/torch_sample.py [n] [dir]
"""

import json
import os
import sys
import time

import torch
from safetensors.torch import load_file
from torch import nn

START, END, MAX_TOKENS, BATCH = 1, 2, 100, 512


class SmilesRnn(nn.Module):
    def __init__(self, arch):
        super().__init__()
        cell = nn.LSTM if arch["cell"] == "lstm" else nn.GRU
        self.embed = nn.Embedding(arch["vocab_size"], arch["embedding_dim"])
        self.rnn = cell(arch["embedding_dim"], arch["hidden_dim"], num_layers=arch["num_layers"],
                        batch_first=True)
        self.linear = nn.Linear(arch["hidden_dim"], arch["vocab_size"])

    def step(self, tokens, state):
        out, state = self.rnn(self.embed(tokens).unsqueeze(1), state)
        return self.linear(out.squeeze(1)), state


def load(path):
    with open(os.path.join(path, "config.json")) as f:
        arch = json.load(f)["architecture"]
    model = SmilesRnn(arch)
    model.load_state_dict(load_file(os.path.join(path, "weights.safetensors")))
    return model.eval()


@torch.no_grad()
def sample_shrinking(model, b, generator):
    """Finished sequences leave the batch, as ours do. Returns the tokens written (the end
    token included, padding and start tokens drawn by an untrained network not)."""
    tokens = torch.full((b,), START, dtype=torch.long)
    state, written, alive = None, 0, b
    for _ in range(MAX_TOKENS):
        logits, state = model.step(tokens, state)
        tokens = torch.multinomial(torch.softmax(logits, -1), 1, generator=generator).squeeze(1)
        # Counted as ours counts them: the special tokens a SMILES does not spell are not.
        written += int((tokens > START).sum())
        keep = (tokens != END).nonzero().squeeze(1)
        if len(keep) == 0:
            break
        if len(keep) < alive:
            tokens = tokens[keep]
            state = tuple(s[:, keep] for s in state) if isinstance(state, tuple) else state[:, keep]
            alive = len(keep)
    return written


@torch.no_grad()
def sample_drugex(model, b, generator):
    """DrugEx's loop: the whole batch for every step, finished sequences masked."""
    tokens = torch.full((b,), START, dtype=torch.long)
    state = None
    done = torch.zeros(b, dtype=torch.bool)
    for _ in range(MAX_TOKENS):
        logits, state = model.step(tokens, state)
        tokens = torch.multinomial(torch.softmax(logits, -1), 1, generator=generator).squeeze(1)
        tokens[done] = 0
        done |= tokens == END
        if done.all():
            break


def time_it(name, model, n, sampler):
    """Three rounds (timings vary by several percent): each, then the median."""
    generator = torch.Generator().manual_seed(7)
    rates = []
    for _ in range(3):
        start, tokens = time.perf_counter(), 0
        for first in range(0, n, BATCH):
            tokens += sampler(model, min(BATCH, n - first), generator) or 0
        rates.append(n / (time.perf_counter() - start))
    each = f"; {tokens / n:.1f} tokens each" if tokens else ""
    rounds = ", ".join(f"{r:.0f}" for r in rates)
    print(f"PyTorch {name}: {sorted(rates)[1]:.0f} SMILES/s (median of {rounds}{each})")


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 5120
    root = sys.argv[2] if len(sys.argv) > 2 else "target/sample-speed"
    print(f"PyTorch {torch.__version__}, {torch.get_num_threads()} threads")
    for name, folder in [("shipped 2x256 LSTM", "shipped"), ("DrugEx 3x512 LSTM", "drugex")]:
        model = load(os.path.join(root, folder))
        time_it(name, model, n, sample_shrinking)
        time_it(name + ", DrugEx's loop", model, n, sample_drugex)


if __name__ == "__main__":
    main()
