#!/usr/bin/python3
"""An independent PyTorch LR / FM trained on the exact split Streamplex's CtrBench trains on.

Export the split first (derived from the licensed dataset: keep it outside the repository):

    java ... io.streamplex.ctr.eval.SplitExport movielens-100k 1 /tmp/ml100k-seed1

then train with the issue's protocol (Adam lr 1e-3, batch 1024, N(0, 0.01^2) init, early
stopping on validation AUC with patience 10, best epoch restored):

    /usr/bin/python3 benchmarks/pytorch/ctr_reference.py /tmp/ml100k-seed1 --model fm --l2 1e-4

--l2 adds l2/2 * ||W||^2 over every embedding row to each mini-batch's mean loss (the PyTorch /
FuxiCTR embedding regulariser); with dense Adam every row then moves at every step.
--sparse uses torch.optim.SparseAdam (rows move only when in the batch; no L2 there).
Needs Debian's python3-torch and python3-numpy. Prints one line with valid/test AUC and logloss.
"""
import argparse
import time

import numpy as np
import torch

p = argparse.ArgumentParser()
p.add_argument("dir")
p.add_argument("--model", choices=["lr", "fm"], default="fm")
p.add_argument("--l2", type=float, default=0.0)
p.add_argument("--sparse", action="store_true")
p.add_argument("--seed", type=int, default=1)
p.add_argument("--patience", type=int, default=10)
p.add_argument("--epochs", type=int, default=300)
p.add_argument("--std", type=float, default=0.01)
p.add_argument("--dim", type=int, default=16)
p.add_argument("--lr", type=float, default=1e-3)
p.add_argument("--verbose", action="store_true", help="print validation AUC/logloss per epoch")
a = p.parse_args()
if a.sparse and a.l2 > 0:
    p.error("SparseAdam takes no L2 here")
torch.set_num_threads(1)
torch.manual_seed(a.seed)

meta = [line.split("\t") for line in open(f"{a.dir}/meta.tsv").read().splitlines()]
SLOTS = [int(m[1]) for m in meta]
ROWS = [int(m[2]) for m in meta]
F = len(meta)


def load(name):
    ys, idx = [], [[] for _ in range(F)]
    for line in open(f"{a.dir}/{name}.tsv"):
        cols = line.rstrip("\n").split("\t")
        ys.append(float(cols[0]))
        for f in range(F):
            v = [int(x) for x in cols[1 + f].split(",")]
            idx[f].append(v + [-1] * (SLOTS[f] - len(v)))
    return torch.tensor(ys), [torch.tensor(i) for i in idx]


def auc(y, s):
    """Exact ROC AUC with tied scores given half credit (mid-ranks)."""
    s = np.asarray(s, dtype=np.float64)
    order = np.argsort(s, kind="mergesort")
    ranks = np.empty(len(s))
    ss = s[order]
    i = 0
    while i < len(s):
        j = i
        while j + 1 < len(s) and ss[j + 1] == ss[i]:
            j += 1
        ranks[order[i:j + 1]] = (i + j) / 2 + 1
        i = j + 1
    pos = y == 1
    npos, nneg = pos.sum(), len(y) - pos.sum()
    return (ranks[pos].sum() - npos * (npos + 1) / 2) / (npos * nneg)


class Model(torch.nn.Module):
    def __init__(self):
        super().__init__()
        def tables(width):
            return torch.nn.ModuleList(
                [torch.nn.Embedding(r, width, sparse=a.sparse) for r in ROWS])
        self.w = tables(1)
        self.e = tables(a.dim) if a.model == "fm" else None
        for t in list(self.w) + (list(self.e) if self.e is not None else []):
            torch.nn.init.normal_(t.weight, 0, a.std)
        self.b = torch.nn.Parameter(torch.zeros(1))

    @staticmethod
    def pool(table, ix):  # mean over a field's used slots (-1 = unused)
        mask = (ix >= 0).float().unsqueeze(-1)
        return (table(ix.clamp(min=0)) * mask).sum(1) / mask.sum(1)

    def forward(self, x):
        z = self.b + sum(self.pool(self.w[f], x[f]).squeeze(-1) for f in range(F))
        if self.e is not None:
            e = torch.stack([self.pool(self.e[f], x[f]) for f in range(F)], 1)
            z = z + 0.5 * (e.sum(1) ** 2 - (e ** 2).sum(1)).sum(1)
        return z


train, valid, test = load("train"), load("valid"), load("test")
m = Model()
emb = [q for n, q in m.named_parameters() if n != "b"]
opts = ([torch.optim.SparseAdam(emb, lr=a.lr), torch.optim.Adam([m.b], lr=a.lr)]
        if a.sparse else [torch.optim.Adam(m.parameters(), lr=a.lr)])


def evaluate(d):
    m.eval()
    with torch.no_grad():
        z = torch.cat([m([x[i:i + 4096] for x in d[1]]) for i in range(0, len(d[0]), 4096)])
    ll = torch.nn.functional.binary_cross_entropy_with_logits(z, d[0]).item()
    return auc(d[0].numpy(), z.numpy()), ll


n = len(train[0])
g = torch.Generator().manual_seed(a.seed)
best, best_epoch, state, start = -1.0, 0, None, time.time()
for epoch in range(1, a.epochs + 1):
    m.train()
    perm = torch.randperm(n, generator=g)
    for i in range(0, n, 1024):
        b = perm[i:i + 1024]
        z = m([x[b] for x in train[1]])
        loss = torch.nn.functional.binary_cross_entropy_with_logits(z, train[0][b])
        if a.l2 > 0:
            loss = loss + a.l2 / 2 * sum((q ** 2).sum() for q in emb)
        for o in opts:
            o.zero_grad()
        loss.backward()
        for o in opts:
            o.step()
    v_auc, v_ll = evaluate(valid)
    if a.verbose:
        print(f"epoch {epoch}: valid AUC {v_auc:.4f} logloss {v_ll:.4f}", flush=True)
    if v_auc > best:
        best, best_epoch = v_auc, epoch
        state = {k: t.clone() for k, t in m.state_dict().items()}
    elif epoch - best_epoch >= a.patience:
        break
m.load_state_dict(state)
t_auc, t_ll = evaluate(test)
print(f"{a.model} l2={a.l2} sparse={a.sparse}: valid AUC {best:.4f}, test AUC {t_auc:.4f}"
      f" logloss {t_ll:.4f}, best epoch {best_epoch} of {epoch}, {time.time() - start:.0f} s")
