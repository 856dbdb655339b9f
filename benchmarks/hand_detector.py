"""Issue 21, hands: would a learned whole-frame hand detector fix the test-time centre's misses? Synthetic vs real FHAD frames.

The hands pipeline's mean error is pulled up by frames whose 'scene' centre (`hand_centre`) misses the hand by > 100 mm; a
local refinement (`LearnedCentre`) cannot recover them. This trains the obvious remedy, a small fully-convolutional detector of
the middle MCP on the whole frame (FHAD half resolution, 4x average-pooled to 80 x 60; a soft-argmax heatmap for the pixel and a
heatmap-weighted depth; smooth-L1 on both), on N synthetic first-person frames (`synthetic_hands`, as the `hands` benchmark
renders them), and a `CentreRefiner` on the same frames' scene-centred crops (as `benchmarks/_acc_hands.py` does). Each seed's
centres are scored three ways, each followed by the same learned refinement:
  - scene: `hand_centre` (what `pose_nb_predict` runs);
  - det: the detector's point;
  - fallback T: the scene centre, replaced by the detector's point where the two are more than T mm apart.
on 200 held-out synthetic frames (another seed: other hands, poses, scenes; error to the middle MCP, share > 100 mm) and, with
ROOT, on the real FHAD frames there (`benchmarks/real_fhad.py`'s score: median distance to the mean of the five MCPs, share
within 50 mm). FHAD frames are never shipped: point ROOT at your own copy.

Run: python benchmarks/hand_detector.py [ROOT] [--seeds 0 1 2] [--n 3000] [--epochs 25] [--quick]
Seeds run in parallel processes, one thread each. Prints one table (mean +- sd over the seeds per row).
"""
import argparse, sys, time, warnings
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
import numpy as np

POOL, THRESHOLDS = 4, (150., 100.)

def detector():
    "The detector: 6 conv blocks (2 stride-2, 2 dilated) -> a heatmap and a depth map at 1/4 of the pooled frame"
    import torch, torch.nn as nn
    from pose_nb.models import heatmap_probs, soft_argmax
    def block(ci, co, s=1, dil=1): return nn.Sequential(nn.Conv2d(ci, co, 3, s, dil, dilation=dil, bias=False), nn.BatchNorm2d(co), nn.ReLU())
    class Det(nn.Module):
        def __init__(s):
            super().__init__()
            s.body = nn.Sequential(block(1, 24), block(24, 48, 2), block(48, 64), block(64, 96, 2), block(96, 96, 1, 2), block(96, 96, 1, 4))
            s.out = nn.Conv2d(96, 2, 1)
        def forward(s, x):                                      # -> (B, 3): u, v in pooled pixels, depth in m
            o = s.out(s.body(x)); hm = o[:, :1]
            uv = (soft_argmax(hm)[:, 0] + 1) * x.new_tensor(x.shape[:1:-1]) / 2 - .5          # normalised -> pooled pixels
            return torch.cat([uv, (heatmap_probs(hm) * o[:, 1:]).sum((1, 2, 3))[:, None] + .3], -1)
    return Det()

def pooled(D):
    "Depth frames (N, 240, 320) mm -> (N, 1, 60, 80) m, invalid pixels 0"
    import torch, torch.nn.functional as F
    d = torch.as_tensor(np.asarray(D, np.float32)); d = torch.where((d > 10) & (d < 2000), d, torch.zeros(()))
    return F.avg_pool2d(d[:, None] / 1000., POOL)

def train_detector(D, J, cam, epochs, seed, bs=64):
    "Fit the detector to the middle MCP of frames `D` (mm) with joints `J` (mm)"
    import torch, torch.nn.functional as F
    from pose_nb.core import HAND21
    from pose_nb.depth import xyz2uvd
    uvd = xyz2uvd(J[:, HAND21.index('MMCP')], cam)
    X = pooled(D); Y = torch.as_tensor(np.stack([uvd[:, 0] / POOL, uvd[:, 1] / POOL, uvd[:, 2] / 1000.], -1), dtype=torch.float32)
    torch.manual_seed(seed); m = detector()
    opt = torch.optim.AdamW(m.parameters(), 2e-3, weight_decay=1e-4)
    sched = torch.optim.lr_scheduler.OneCycleLR(opt, 3e-3, total_steps=epochs * -(-len(X) // bs))
    for _ in range(epochs):
        m.train(); perm = torch.randperm(len(X))
        for i in range(0, len(X), bs):
            b = perm[i:i + bs]; out = m(X[b])
            loss = F.smooth_l1_loss(out[:, :2], Y[b, :2]) + 20 * F.smooth_l1_loss(out[:, 2], Y[b, 2], beta=.02)
            opt.zero_grad(); loss.backward(); opt.step(); sched.step()
    return m.eval()

def detect(m, D, cam):
    "The detector's middle-MCP points (N, 3) mm for frames `D` at `cam`'s resolution (320 x 240)"
    import torch
    from pose_nb.depth import uvd2xyz
    with torch.no_grad(): o = m(pooled(D)).double().numpy()
    return uvd2xyz(np.stack([o[:, 0] * POOL, o[:, 1] * POOL, o[:, 2] * 1000.], -1), cam)

def variants(S, Dt):
    "Rough centres per variant from scene centres `S` and detector points `Dt`"
    far = np.linalg.norm(S - Dt, axis=-1)
    return {'scene': S, 'det': Dt, **{f'fallback {T:g}': np.where((far > T)[:, None], Dt, S) for T in THRESHOLDS}}

def one_seed(seed, root, n, epochs, ref_epochs, n_test):
    import torch, torch.nn.functional as F
    torch.set_num_threads(1)
    from pose_nb.core import HAND21
    from pose_nb.depth import FHAD_DEPTH
    from pose_nb.hand_synth import synthetic_hands
    from pose_nb.hand_centre import hand_centre
    from pose_nb.hands import DepthCropper, preprocess, fit_centre_refiner, LearnedCentre
    cam, t = FHAD_DEPTH.scaled(.5), time.time()
    train = synthetic_hands(n, cam, seed=seed, noise=1., holes=.02)
    with warnings.catch_warnings():
        warnings.simplefilter('ignore'); crops = preprocess(train, DepthCropper(200., 32, 'xyz', 'scene'), on_error='skip')
    lc = LearnedCentre(fit_centre_refiner(crops, epochs=ref_epochs, seed=seed), 200., 32)
    D = np.stack([train.read(i) for i in range(n)]); det = train_detector(D, train.joints.astype(np.float64), cam, epochs, seed); del D
    out = {}
    test = synthetic_hands(n_test, cam, seed=1000 + seed, noise=1., holes=.02)
    TD, TJ = np.stack([test.read(i).astype(np.float32) for i in range(n_test)]), test.joints.astype(np.float64)
    S = np.stack([hand_centre(d, cam, 200.).numpy() for d in TD])
    for k, C in variants(S, detect(det, TD, cam)).items():
        e = np.linalg.norm(np.stack([lc.refine(TD[i], cam, C[i]).numpy() for i in range(n_test)]) - TJ[:, HAND21.index('MMCP')], axis=-1)
        out[f'synthetic, {k}: mean mm'], out[f'synthetic, {k}: share > 100 mm'] = e.mean(), (e > 100).mean()
    if root:
        sys.path.insert(0, str(Path(__file__).parent)); from real_fhad import real_frames, score
        rf = real_frames(root); RD = np.stack([rf.read(i).astype(np.float32) for i in range(len(rf))]); RJ = rf.joints.astype(np.float64)
        half = F.interpolate(torch.as_tensor(RD)[:, None], size=(cam.h, cam.w), mode='nearest')[:, 0].numpy()
        S = np.stack([hand_centre(d, rf.cam, 200.).numpy() for d in RD])
        for k, C in variants(S, detect(det, half, cam)).items():
            q = score(np.stack([lc.refine(RD[i], rf.cam, C[i]).numpy() for i in range(len(RD))]), RJ)
            out[f'real, {k}: median mm'], out[f'real, {k}: share within 50 mm'] = q['median mm'], q['within 50 mm']
    out['minutes'] = (time.time() - t) / 60
    return out

if __name__ == '__main__':
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('root', nargs='?'); ap.add_argument('--seeds', type=int, nargs='+', default=[0, 1, 2])
    ap.add_argument('--n', type=int, default=3000); ap.add_argument('--epochs', type=int, default=25)
    ap.add_argument('--quick', action='store_true', help='96 frames, 1 epoch, 16 test frames: a smoke run')
    a = ap.parse_args()
    n, ep, ref_ep, n_test = (96, 1, 2, 16) if a.quick else (a.n, a.epochs, 30, 200)
    with ProcessPoolExecutor(len(a.seeds)) as ex:
        res = list(ex.map(one_seed, a.seeds, [a.root] * len(a.seeds), [n] * len(a.seeds), [ep] * len(a.seeds),
                          [ref_ep] * len(a.seeds), [n_test] * len(a.seeds)))
    print(f"hand detector: {n} synthetic training frames, {ep} epochs, seeds {a.seeds}; {n_test} held-out synthetic frames"
          + (f"; real frames from {a.root}" if a.root else '') + '; every centre refined by the same LearnedCentre')
    for k in res[0]:
        v = np.array([r[k] for r in res], float)
        print(f"  {k:45s} {v.mean():8.3f} ± {v.std(ddof=1) if len(v) > 1 else 0.:.3f}   per seed {np.round(v, 3).tolist()}")
