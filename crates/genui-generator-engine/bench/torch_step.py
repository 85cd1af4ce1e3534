"""PyTorch reference for `cargo run --release -p genui-generator-engine --example lstm_step`.

Same architecture (DrugEx defaults: embedding 128, hidden 512, 3 layers), same batch (64 random
sequences of 99 tokens + end token over a 34-token vocabulary), same optimizer (AdamW, lr 1e-3,
no weight decay, gradient norm clipped at 1.0). Prints seconds per training step, to compare with
the Rust example run on the same machine in the same session:

    python3 crates/genui-generator-engine/bench/torch_step.py [steps] [lstm|gru]
    cargo run --release -p genui-generator-engine --example lstm_step [steps] [lstm|gru]
"""

import sys
import time

import torch
from torch import nn


class SmilesRnn(nn.Module):
    def __init__(self, vocab, cell):
        super().__init__()
        self.embed = nn.Embedding(vocab, 128)
        rnn = nn.LSTM if cell == "lstm" else nn.GRU
        self.rnn = rnn(128, 512, num_layers=3, batch_first=True)
        self.linear = nn.Linear(512, vocab)

    def forward(self, x):
        out, _ = self.rnn(self.embed(x))
        return self.linear(out)


def main():
    steps = int(sys.argv[1]) if len(sys.argv) > 1 else 3
    cell = sys.argv[2] if len(sys.argv) > 2 else "lstm"
    torch.manual_seed(0)
    vocab, pad, start, end = 34, 0, 1, 2
    body = torch.randint(3, vocab, (64, 99))
    target = torch.cat([body, torch.full((64, 1), end)], dim=1)
    inp = torch.cat([torch.full((64, 1), start), body], dim=1)
    model = SmilesRnn(vocab, cell)
    opt = torch.optim.AdamW(model.parameters(), lr=1e-3, weight_decay=0.0)
    loss_fn = nn.CrossEntropyLoss(ignore_index=pad)

    def step():
        opt.zero_grad()
        logits = model(inp)
        loss = loss_fn(logits.reshape(-1, vocab), target.reshape(-1))
        loss.backward()
        nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        opt.step()

    step()  # warm-up
    t0 = time.perf_counter()
    for _ in range(steps):
        step()
    per_step = (time.perf_counter() - t0) / steps
    print(f"PyTorch {torch.__version__} {cell} 3x512 emb 128, batch 64 x 100: "
          f"{per_step:.3f} s per training step ({torch.get_num_threads()} threads)")


if __name__ == "__main__":
    main()
