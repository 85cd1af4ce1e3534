"""PyTorch twin of `cargo run --release -p genui-generator-engine --example graph_step`.

DrugEx v3's graph transformer at its default size, written with the same layers as ours: joint
(atom, bond) word embeddings plus a fixed sinusoidal (curr, prev) site code; 12 post-norm
transformer blocks (width 512, 8 heads, feed-forward 1024, ReLU, no dropout) under a causal mask;
a GRU cell chaining the atom, bond, prev and curr heads. Same batch (64 random tables of 80 rows
over 40 tokens and 75 sites), same optimizer (AdamW, lr 1e-3, gradient norm clipped at 1.0).
Prints the median seconds per training step, to compare with the Rust example run on the same
machine in the same session:

    python3 crates/genui-generator-engine/bench/torch_graph_step.py [steps] [batch]
    cargo run --release -p genui-generator-engine --example graph_step [steps] [batch]
"""

import math
import sys
import time

import torch
from torch import nn

VOCAB, SITES, LEN, D, HEADS, LAYERS, FFN = 40, 75, 80, 512, 8, 12, 1024


class GraphTransformer(nn.Module):
    def __init__(self):
        super().__init__()
        self.emb_word = nn.Embedding(VOCAB * 4, D)
        self.emb_atom = nn.Embedding(VOCAB, D)
        self.emb_loci = nn.Embedding(SITES, D)
        position = torch.arange(SITES * SITES, dtype=torch.float32).unsqueeze(1)
        rate = torch.pow(10000.0, -(torch.arange(D) // 2 * 2).float() / D)
        angles = position * rate
        table = torch.where(torch.arange(D) % 2 == 0, torch.sin(angles), torch.cos(angles))
        self.register_buffer("sites", table)
        layer = nn.TransformerEncoderLayer(D, HEADS, FFN, dropout=0.0, batch_first=True)
        self.blocks = nn.TransformerEncoder(layer, LAYERS, enable_nested_tensor=False)
        self.rnn = nn.GRUCell(D, D)
        self.prj_atom = nn.Linear(D, VOCAB)
        self.prj_bond = nn.Linear(D, 4)
        self.prj_loci = nn.Linear(D, SITES)
        self.register_buffer("mask", torch.triu(torch.full((LEN - 1, LEN - 1), -math.inf), 1))

    def gru(self, x, h):
        b, t, d = h.shape
        return self.rnn(x.reshape(b * t, d), h.reshape(b * t, d)).reshape(b, t, d)

    def loss(self, tables):
        inp, tgt = tables[:, :-1], tables[:, 1:]
        atom, curr, prev, bond = (tgt[..., i] for i in range(4))
        x = self.emb_word(inp[..., 0] * 4 + inp[..., 3]) + self.sites[inp[..., 1] * SITES + inp[..., 2]]
        h = self.blocks(x, mask=self.mask, is_causal=True)
        pick = lambda logits, target: logits.log_softmax(-1).gather(-1, target.unsqueeze(-1)).squeeze(-1)
        total = pick(self.prj_atom(h), atom)
        h = self.gru(self.emb_atom(atom), h)
        total = total + pick(self.prj_bond(h), bond)
        h = self.gru(self.emb_word(atom * 4 + bond), h)
        total = total + pick(self.prj_loci(h), prev)
        h = self.gru(self.emb_loci(prev), h)
        total = total + pick(self.prj_loci(h), curr)
        return -total.mean()


def main():
    steps = int(sys.argv[1]) if len(sys.argv) > 1 else 3
    batch = int(sys.argv[2]) if len(sys.argv) > 2 else 64
    torch.manual_seed(0)
    tables = torch.stack([
        torch.randint(2, VOCAB, (batch, LEN)),
        torch.randint(0, SITES, (batch, LEN)),
        torch.randint(0, SITES, (batch, LEN)),
        torch.randint(0, 4, (batch, LEN)),
    ], dim=-1)
    model = GraphTransformer()
    opt = torch.optim.AdamW(model.parameters(), lr=1e-3, weight_decay=0.0)

    def step():
        opt.zero_grad()
        loss = model.loss(tables)
        loss.backward()
        nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        opt.step()

    step()  # warm-up
    times = []
    for _ in range(steps):
        t0 = time.perf_counter()
        step()
        times.append(time.perf_counter() - t0)
    times.sort()
    print(f"PyTorch {torch.__version__} graph transformer 12 x 512, batch {batch} x 80 rows: "
          f"median {times[len(times) // 2]:.3f} s per training step "
          f"(min {times[0]:.3f}, max {times[-1]:.3f}; {torch.get_num_threads()} threads)")


if __name__ == "__main__":
    main()
