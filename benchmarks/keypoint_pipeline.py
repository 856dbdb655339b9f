"""Issue 3 benchmarks, each a ratio against a peer measured in the same run.

1. HeatmapCodec.encode (vectorised over batch, people and joints) vs a per-keypoint Python loop computing the same maps.
   Goal: >= 20x.
2. The pose_nb keypoint pipeline (scaling, left/right-correct random flip, invisibility, HeatmapCodec targets) vs a raw
   torch Dataset/DataLoader doing the same work by hand. Goal: throughput ratio >= 0.8. Two pose_nb paths are measured:
   `keypoint_dls` (batch-first, for in-memory arrays) and a fastai DataBlock with KeypointBlock (per-item fastai pipeline).

Run: python benchmarks/keypoint_pipeline.py [--quick]   (--quick: fewer repeats, 256 items)
"""
import sys, time, math, numpy as np, torch
from fastai.vision.all import DataBlock, ImageBlock, ItemGetter, IndexSplitter, Flip, TensorImage, TransformBlock, IntToFloatTensor
from pose_nb.core import COCO17
from pose_nb.codecs import HeatmapCodec, norm_kps
from pose_nb.data import KeypointBlock, keypoint_dls, FlipBatch

torch.set_num_threads(1)
QUICK = '--quick' in sys.argv[1:]

def best_of(f, n=7):
    if QUICK: n = min(n, 3)
    ts = []
    for _ in range(n):
        t = time.perf_counter(); f(); ts.append(time.perf_counter() - t)
    return min(ts)

# 1. encode throughput
codec = HeatmapCodec(in_size=256, stride=4, sigma=2.)
kps = torch.rand(32, 17, 2) * 250
def loop_encode():
    w, h = codec.hm_size
    out = torch.zeros(32, 17, h, w)
    ys, xs = torch.meshgrid(torch.arange(h).float(), torch.arange(w).float(), indexing='ij')
    for b in range(32):
        for k in range(17):
            x, y = codec.to_hm(kps[b, k]).tolist()
            out[b, k] = torch.exp(-((xs - x) ** 2 + (ys - y) ** 2) / (2 * codec.sigma ** 2))
    return out
test = loop_encode()
assert torch.allclose(test, codec.encode(kps), atol=1e-5), "the loop and the codec must compute the same maps"
t_loop, t_vec = best_of(loop_encode), best_of(lambda: codec.encode(kps))
print(f"heatmap encode, 32x17 joints -> 64x64 maps: loop {t_loop*1e3:.1f} ms, vectorised {t_vec*1e3:.2f} ms, "
      f"speed-up {t_loop/t_vec:.1f}x (goal >= 20x)")

# 2. DataLoader throughput
N, S, bs = 256 if QUICK else 1024, 64, 64
rng = np.random.default_rng(0)
imgs = rng.integers(0, 255, (N, S, S, 3), dtype=np.uint8)
pts = rng.uniform(1, S - 2, (N, 17, 2)).astype(np.float32)
hmc = HeatmapCodec(in_size=S, stride=4, sigma=2.)

def _img(a): return TensorImage(torch.from_numpy(a).permute(2, 0, 1))
db = DataBlock(blocks=(TransformBlock(type_tfms=_img, batch_tfms=IntToFloatTensor), KeypointBlock(COCO17)),
               get_x=ItemGetter(0), get_y=ItemGetter(1), splitter=IndexSplitter([]), batch_tfms=[Flip(p=0.5, align_corners=False), hmc])
dl = db.dataloaders(list(zip(imgs, pts)), bs=bs, num_workers=0).train

flip_idx = torch.tensor(COCO17.flip_idx)
class RawDS(torch.utils.data.Dataset):
    def __len__(self): return N
    def __getitem__(self, i):
        x = torch.from_numpy(imgs[i]).permute(2, 0, 1).float() / 255
        k = norm_kps(torch.from_numpy(pts[i]), (S, S))
        if torch.rand(()) < 0.5: x, k = x.flip(-1), (k * torch.tensor([-1., 1.]))[flip_idx]
        k = torch.where((k.abs() > 1).any(-1, keepdim=True), torch.tensor(float('nan')), k)
        return x, k
raw = torch.utils.data.DataLoader(RawDS(), batch_size=bs, shuffle=True, collate_fn=lambda b: (torch.stack([x for x, _ in b]),
                                  hmc.encode(((torch.stack([k for _, k in b]) + 1) * S - 1) / 2)))
def epoch(d):
    n = 0
    for xb, yb in d: n += len(xb)
    return n
assert epoch(dl) == epoch(raw) == N
fast = keypoint_dls(imgs, pts, COCO17, bs=bs, valid_pct=0., batch_tfms=[FlipBatch(0.5), hmc]).train
fast.drop_last = False
assert epoch(fast) == N
t_fast, t_fa, t_raw = best_of(lambda: epoch(fast), 5), best_of(lambda: epoch(dl), 5), best_of(lambda: epoch(raw), 5)
print(f"DataLoader epoch of {N} items ({S}px, 17 joints, random flip + heatmap targets): raw torch {t_raw*1e3:.0f} ms")
print(f"  pose_nb keypoint_dls (batch-first) {t_fast*1e3:.0f} ms: throughput ratio {t_raw/t_fast:.2f} (goal >= 0.8)")
print(f"  fastai DataBlock + KeypointBlock   {t_fa*1e3:.0f} ms: throughput ratio {t_raw/t_fa:.2f} (per-item fastai pipeline)")
print(f"RATIO heatmap_encode={t_loop/t_vec:.1f} HeatmapCodec.encode speed-up vs a per-keypoint Python loop (goal >= 20)")
print(f"RATIO keypoint_dls={t_raw/t_fast:.2f} keypoint_dls throughput / raw torch DataLoader, flip + heatmaps (goal >= 0.8)")
print(f"RATIO keypoint_datablock={t_raw/t_fa:.2f} fastai DataBlock + KeypointBlock throughput / raw torch DataLoader")
