"""Issue 15: inference throughput on CPU, measured in one process (ratios only; the machine is shared and noisy).

1. `Predictor.predict` on in-memory uint8 images (validation pipeline + model + decode to each image's pixels) vs
   `learn.get_preds` on the same images through the fastai validation DataLoader (pipeline + model, normalised output), same
   model, same batch size. Images/s and the ratio predictor / get_preds.
2. The exported model: ONNX Runtime (CPUExecutionProvider) vs PyTorch eager on the same batches, model forward only.
Model: the digits recipe's (tiny body, feat head, 32x32 grayscale), untrained weights (speed does not depend on them).
Interleaved repeats, median per method. Threads: 1 (OMP_NUM_THREADS/torch.set_num_threads and ORT intra-op).
Run: python benchmarks/predict.py [--reps 5] [--n 512] [--bs 64]
"""
import argparse, time, tempfile, statistics
from pathlib import Path
import numpy as np, torch
from pose_nb.datasets import digits_dls
from pose_nb.learner import hpe_learner
from pose_nb.predict import Predictor, save_run
from pose_nb.export import export_run

ap = argparse.ArgumentParser(); ap.add_argument('--reps', type=int, default=5); ap.add_argument('--n', type=int, default=512)
ap.add_argument('--bs', type=int, default=64); a = ap.parse_args()
torch.set_num_threads(1)

dls = digits_dls('topleft', bs=a.bs, valid_pct=0.3)
learn = hpe_learner(dls)
items = dls.valid.items[:a.n]
imgs = [img for img, _ in items]
vdl = dls.valid.new(items=items, bs=a.bs, shuffle=False, drop_last=False)
d = save_run(learn, Path(tempfile.mkdtemp())/'run')
pred = Predictor.from_run(d, device='cpu', bs=a.bs)

def t(f):
    t0 = time.perf_counter(); f(); return time.perf_counter() - t0

def get_preds():
    with learn.no_bar(): learn.get_preds(dl=vdl)

res = {'predictor': [], 'get_preds': []}
get_preds(); pred.predict(imgs, quiet=True)                                   # warm up
for _ in range(a.reps):
    res['get_preds'].append(t(get_preds)); res['predictor'].append(t(lambda: pred.predict(imgs, quiet=True)))
n = len(imgs)
ips = {k: n / statistics.median(v) for k, v in res.items()}
print(f"{n} digits images, bs {a.bs}, {a.reps} interleaved repeats, 1 thread (medians)")
print(f"  Predictor.predict: {ips['predictor']:8.0f} images/s  (pipeline + model + decode to pixels)")
print(f"  learn.get_preds:   {ips['get_preds']:8.0f} images/s  (fastai DataLoader + model)")
print(f"  ratio predictor / get_preds: {ips['predictor'] / ips['get_preds']:.2f}x")

try:
    import onnxruntime as ort
except ImportError:
    print("onnxruntime not installed: ONNX Runtime vs PyTorch skipped (pip install 'pose_nb[onnx]')"); raise SystemExit
f = export_run(d, 'onnx')
so = ort.SessionOptions(); so.intra_op_num_threads = so.inter_op_num_threads = 1
s = ort.InferenceSession(str(f), so, providers=['CPUExecutionProvider'])
xs = [torch.stack([pred.prepare(i)[0] for i in imgs[k:k + a.bs]]) for k in range(0, n, a.bs)]
xn = [x.numpy() for x in xs]
m = learn.model.eval().cpu()
def eager():
    with torch.inference_mode():
        for x in xs: m(x)
def onnx():
    for x in xn: s.run(None, {'image': x})
eager(); onnx()
r2 = {'eager': [], 'onnx': []}
for _ in range(a.reps): r2['eager'].append(t(eager)); r2['onnx'].append(t(onnx))
ips2 = {k: n / statistics.median(v) for k, v in r2.items()}
print(f"  PyTorch eager forward:  {ips2['eager']:8.0f} images/s")
print(f"  ONNX Runtime forward:   {ips2['onnx']:8.0f} images/s")
print(f"  ratio ONNX Runtime / PyTorch eager: {ips2['onnx'] / ips2['eager']:.2f}x")
