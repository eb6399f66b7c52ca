"""An independent PyTorch build of a Streamplex CTR model (linear / fm / dnn / autoint blocks) with the
same parameter names and layouts, used by PyTorchInteropTest.

  torch_ctr.py export CONFIG INPUTS SEED OUT_DIR   random weights -> OUT_DIR/model.safetensors
                                                   and OUT_DIR/golden.json (logits)
  torch_ctr.py check ARTIFACT_DIR INPUTS OUT_JSON  loads a Streamplex artifact, writes its logits

Several commands may be chained with "--" so torch is imported once.

Safetensors is written and read by hand: Debian's python3-torch has no safetensors package.
INPUTS holds encoded examples: rows[example][field] (row ids) and factors[example][field].
"""
import json
import math
import struct
import sys

import numpy as np
import torch
from torch import nn

PRESETS = {"LR": ["linear"], "FM": ["linear", "fm"], "DNN": ["dnn"], "AUTOINT": ["autoint"],
           "AUTOINT_PLUS": ["autoint", "dnn"]}


def read_safetensors(path):
    with open(path, "rb") as f:
        data = f.read()
    (n,) = struct.unpack("<Q", data[:8])
    header = json.loads(data[8 : 8 + n].decode("utf-8"))
    base = 8 + n
    out = {}
    for name, t in header.items():
        if name == "__metadata__":
            continue
        if t["dtype"] != "F32":
            raise ValueError(f"{name}: dtype {t['dtype']}, expected F32")
        b, e = t["data_offsets"]
        values = np.frombuffer(data[base + b : base + e], dtype="<f4").astype(np.float32)
        out[name] = torch.from_numpy(values.copy()).reshape(t["shape"])
    return out


def write_safetensors(path, tensors, metadata):
    header = {"__metadata__": metadata}
    blobs = []
    offset = 0
    for name, t in tensors.items():
        b = t.detach().contiguous().to(torch.float32).numpy().astype("<f4").tobytes()
        header[name] = {"dtype": "F32", "shape": list(t.shape), "data_offsets": [offset, offset + len(b)]}
        offset += len(b)
        blobs.append(b)
    h = json.dumps(header, separators=(",", ":")).encode("utf-8")
    h += b" " * ((8 - len(h) % 8) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(h)))
        f.write(h)
        for b in blobs:
            f.write(b)


class Hidden(nn.Module):
    def __init__(self, fan_in, fan_out):
        super().__init__()
        self.linear = nn.Linear(fan_in, fan_out)


class Interacting(nn.Module):
    """AutoInt's interacting layer: per head softmax(scale * Q K^T) V, heads concatenated, plus the
    residual (projected when widths differ or asked), ReLU, then optional layer norm."""

    def __init__(self, fan_in, a):
        super().__init__()
        out = a["heads"] * a["headDim"]
        official = a["officialProjections"]
        self.heads, self.head_dim, self.official = a["heads"], a["headDim"], official
        self.scale = 1.0 / math.sqrt(a["headDim"]) if a["scale"] else 1.0
        self.W_q = nn.Linear(fan_in, out, bias=official)
        self.W_k = nn.Linear(fan_in, out, bias=official)
        self.W_v = nn.Linear(fan_in, out, bias=official)
        self.identity = a["residual"] and not a["residualProjection"] and fan_in == out
        self.use_residual = a["residual"]
        if a["residual"] and not self.identity:
            self.W_res = nn.Linear(fan_in, out, bias=official)
        if a["layerNorm"]:
            self.layer_norm = nn.LayerNorm(out, eps=1e-5)
        self.out_width = out

    def proj(self, layer, x):
        y = layer(x)
        return torch.relu(y) if self.official else y

    def forward(self, x):  # x: fields x width
        q, k, v = self.proj(self.W_q, x), self.proj(self.W_k, x), self.proj(self.W_v, x)
        heads = []
        for h in range(self.heads):
            c = slice(h * self.head_dim, (h + 1) * self.head_dim)
            a = torch.softmax(self.scale * q[:, c] @ k[:, c].T, dim=1)
            heads.append(a @ v[:, c])
        y = torch.cat(heads, dim=1)
        if self.identity:
            y = y + x
        elif self.use_residual:
            y = y + self.proj(self.W_res, x)
        y = torch.relu(y)
        return self.layer_norm(y) if hasattr(self, "layer_norm") else y


class CtrNet(nn.Module):
    def __init__(self, cfg):
        super().__init__()
        model, schema = cfg["model"], cfg["schema"]
        blocks = list(model.get("blocks") or PRESETS[model["type"]])
        if model.get("wide") and "linear" not in blocks:
            blocks.insert(0, "linear")
        unknown = set(blocks) - {"linear", "fm", "dnn", "autoint"}
        if unknown:
            raise ValueError(f"this reference has no block {unknown}")
        self.blocks = blocks
        self.width = model["embeddingDim"]
        self.field_table = []
        rows = {}
        for m in schema["mappers"]:
            self.field_table.append(m["table"])
            rows[m["table"]] = len(m["values"]) + 2 if m["type"] == "vocabulary" else 2
        if any(b != "linear" for b in blocks):
            self.emb = nn.ParameterDict(
                {t: nn.Parameter(torch.zeros(r, self.width)) for t, r in rows.items()})
        if "linear" in blocks:
            self.linear = nn.ParameterDict({t: nn.Parameter(torch.zeros(r, 1)) for t, r in rows.items()})
        if "dnn" in blocks:
            if model["dnn"]["norm"] != "NONE":
                raise ValueError("this reference has no normalisation layers")
            self.dnn = nn.ModuleDict()
            w = len(self.field_table) * self.width
            for i, h in enumerate(model["dnn"]["hidden"]):
                self.dnn[str(i)] = Hidden(w, h)
                w = h
            self.dnn["out"] = nn.Linear(w, 1)
        if "autoint" in blocks:
            self.autoint = nn.ModuleDict()
            w = self.width
            for i in range(model["attention"]["layers"]):
                self.autoint[str(i)] = Interacting(w, model["attention"])
                w = self.autoint[str(i)].out_width
            self.autoint["out"] = nn.Linear(len(self.field_table) * w, 1)
        self.bias = nn.Parameter(torch.zeros(1))

    def pool(self, tables, rows, factors):
        # per field: sum of its rows, times its factor (1/count for mean pooling, the numeric value)
        return torch.stack(
            [tables[self.field_table[f]][torch.tensor(r)].sum(0) * factors[f] for f, r in enumerate(rows)])

    def logit(self, rows, factors):
        z = self.bias[0]
        if "linear" in self.blocks:
            z = z + self.pool(self.linear, rows, factors).sum()
        if hasattr(self, "emb"):
            e = self.pool(self.emb, rows, factors)
        if "fm" in self.blocks:
            z = z + 0.5 * (e.sum(0).pow(2) - e.pow(2).sum(0)).sum()
        if "dnn" in self.blocks:
            h = e.reshape(-1)
            for k, layer in self.dnn.items():
                if k == "out":
                    continue
                h = torch.relu(layer.linear(h))
            z = z + self.dnn["out"](h)[0]
        if "autoint" in self.blocks:
            h = e
            for k, layer in self.autoint.items():
                if k != "out":
                    h = layer(h)
            z = z + self.autoint["out"](h.reshape(-1))[0]
        return z

    def logits(self, inputs):
        with torch.no_grad():
            return [float(self.logit(r, torch.tensor(f, dtype=torch.float32)))
                    for r, f in zip(inputs["rows"], inputs["factors"])]


def run(args):
    mode = args[0]
    if mode == "export":
        cfg = json.load(open(args[1]))
        inputs = json.load(open(args[2]))
        torch.manual_seed(int(args[3]))
        net = CtrNet(cfg)
        for p in net.parameters():
            nn.init.normal_(p, 0.0, 0.1)
        write_safetensors(args[4] + "/model.safetensors", net.state_dict(),
                          {"writer": "torch " + torch.__version__})
        json.dump({"logits": net.logits(inputs)}, open(args[4] + "/golden.json", "w"))
    elif mode == "check":
        cfg = json.load(open(args[1] + "/config.json"))
        inputs = json.load(open(args[2]))
        net = CtrNet(cfg)
        net.load_state_dict(read_safetensors(args[1] + "/model.safetensors"), strict=True)
        json.dump({"logits": net.logits(inputs)}, open(args[3], "w"))
    else:
        raise SystemExit("mode must be export or check, got " + mode)


def main():
    command = []
    for a in sys.argv[1:] + ["--"]:
        if a == "--":
            run(command)
            command = []
        else:
            command.append(a)


if __name__ == "__main__":
    main()
