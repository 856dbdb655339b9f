"""Issue 12 item 6: heatmap decoding error on noisy maps, pose_nb vs a re-implementation of MMPose's DARK decoder.

Maps: 2000 single gaussians (sigma 2 cells, peak 1) on a 48 x 64 heatmap (a 192 x 256 input at stride 4), plus i.i.d. gaussian
noise of std 0.02 / 0.05 / 0.10 (what a model's output looks like around a clean target). Every decoder sees the same maps;
the error is the distance to the true centre in heatmap cells x 4, i.e. input pixels (both grids are affine in the cells, so
the grid convention does not enter). Two position sets: the interior (centres at least 2 cells from the border, where
MMPose refines) and the whole map (borders included).

Decoders:
- pose_nb `heatmap_peaks(refine='taylor')`: argmax + Taylor step on the log map (pose_nb before this change).
- pose_nb `heatmap_peaks(refine='dark')`: modulation (gaussian blur matched to sigma, maximum kept), argmax of the
  modulated map, Taylor step, border unbiasing. This is `HeatmapCodec`'s default.
- reference: MMPose 1.x `MSRAHeatmap(unbiased=True, blur_kernel_size=11)`'s decode, re-implemented below from
  `mmpose/codecs/utils/post_processing.py` (`get_heatmap_maximum`, `gaussian_blur`, `refine_keypoints_dark`) and the DARK
  paper (Zhang et al., CVPR 2020): argmax of the raw map; each map zero-padded by 5 and blurred with OpenCV's 11-tap gaussian
  (`cv2.GaussianBlur(ksize=11, sigma=0)`, i.e. sigma = 0.3*((11-1)/2 - 1) + 0.8 = 2.0), rescaled to the raw maximum; log of the
  map clamped at 1e-10; one Newton step with central first differences and step-2 second differences, applied only when
  1 < x < W-2 and 1 < y < H-2. pose_nb does not import MMPose (nor OpenCV): the blur is scipy's 1D convolution with the same
  kernel and zero padding (equal to OpenCV's on the kept region, since the padding is the kernel radius).

Speed (issue 22): the time to decode a batch of 64 x 17 maps (noise 0.05, whole map) with pose_nb's default (dark) and with
the reference, one thread, CPU time (`time.process_time`), interleaved repeats, median. pose_nb blurs only a patch around each
peak (the Taylor step reads 3 x 3 modulated cells), the reference blurs every map whole.

Goals: pose_nb (dark) at or below the reference's error at every noise level, and exact on clean maps; decoding in at most
half the reference's time.
Run: python benchmarks/dark_decode.py [--quick]   (--quick: 500 maps per set instead of 2000, 5 timing repeats instead of 15)
"""
import sys, time, numpy as np, torch
from scipy.ndimage import convolve1d
from pose_nb.codecs import heatmap_peaks, gaussian_maps

torch.set_num_threads(1)
W, H, SIGMA, STRIDE, M = 48, 64, 2., 4, 500 if '--quick' in sys.argv[1:] else 2000

def cv2_gaussian_kernel(ksize:int)->np.ndarray:
    "OpenCV's `getGaussianKernel(ksize, 0)` for ksize > 7: sigma from the size, normalised"
    s = 0.3 * ((ksize - 1) * 0.5 - 1) + 0.8
    x = np.arange(ksize) - (ksize - 1) / 2
    k = np.exp(-x ** 2 / (2 * s * s))
    return k / k.sum()

def ref_gaussian_blur(hms:np.ndarray, ksize:int=11)->np.ndarray:
    "MMPose `gaussian_blur`: per map, zero-pad by (ksize-1)/2, blur, crop, rescale to the original maximum"
    k = cv2_gaussian_kernel(ksize)
    out = np.empty_like(hms)
    for i, h in enumerate(hms):
        b = convolve1d(convolve1d(h, k, axis=0, mode='constant'), k, axis=1, mode='constant')
        out[i] = b * (h.max() / b.max())
    return out

def ref_dark_decode(hms:np.ndarray, ksize:int=11)->np.ndarray:
    "MMPose `get_heatmap_maximum` + `refine_keypoints_dark`: (N, 2) x, y in heatmap cells"
    N, h_, w_ = hms.shape
    idx = hms.reshape(N, -1).argmax(1)
    kp = np.stack([idx % w_, idx // w_], 1).astype(np.float64)
    L = np.log(np.maximum(ref_gaussian_blur(hms.copy(), ksize), 1e-10))
    for n in range(N):
        x, y = kp[n].astype(int)
        if 1 < x < w_ - 2 and 1 < y < h_ - 2:
            h = L[n]
            dx, dy = 0.5 * (h[y, x + 1] - h[y, x - 1]), 0.5 * (h[y + 1, x] - h[y - 1, x])
            dxx = 0.25 * (h[y, x + 2] - 2 * h[y, x] + h[y, x - 2])
            dxy = 0.25 * (h[y + 1, x + 1] - h[y - 1, x + 1] - h[y + 1, x - 1] + h[y - 1, x - 1])
            dyy = 0.25 * (h[y + 2, x] - 2 * h[y, x] + h[y - 2, x])
            if dxx * dyy - dxy ** 2 != 0:
                kp[n] += -np.linalg.inv(np.array([[dxx, dxy], [dxy, dyy]])) @ np.array([dx, dy])
    return kp

def errors(mu:np.ndarray, noise:float, seed:int)->dict:
    "Mean decode error (input px) of each decoder on the same noisy maps of gaussians at `mu` (N, 2) x, y cells"
    maps = gaussian_maps(torch.tensor(mu, dtype=torch.float32), (W, H), SIGMA)
    maps = maps + noise * torch.randn(maps.shape, generator=torch.Generator().manual_seed(seed))
    t = torch.tensor(mu)
    res = {r: float((heatmap_peaks(maps, SIGMA, r)[0].flip(-1).double() - t).norm(dim=-1).mean()) * STRIDE for r in ('taylor', 'dark')}
    res['reference'] = float(np.linalg.norm(ref_dark_decode(maps.numpy()) - mu, axis=-1).mean()) * STRIDE
    return res

if __name__ == '__main__':
    rng = np.random.default_rng(0)
    sets = {'interior': np.c_[rng.uniform(2, W - 3, M), rng.uniform(2, H - 3, M)],
            'whole map': np.c_[rng.uniform(0, W - 1, M), rng.uniform(0, H - 1, M)]}
    worst = {}
    for name, mu in sets.items():
        print(f"\n{name}: {M} gaussians (sigma {SIGMA:g} cells) on a {W}x{H} map; mean error in input px (stride {STRIDE})")
        print(f"{'noise':>6} {'pose_nb taylor':>15} {'pose_nb dark':>13} {'reference DARK':>15} {'dark/ref':>9} {'taylor/ref':>11}")
        for noise in (0., 0.02, 0.05, 0.10):
            e = errors(mu, noise, seed=int(noise * 1000))
            print(f"{noise:6.2f} {e['taylor']:15.4f} {e['dark']:13.4f} {e['reference']:15.4f} {e['dark'] / e['reference']:9.3f} "
                  f"{e['taylor'] / e['reference']:11.3f}")
            if noise > 0: worst[name] = max(worst.get(name, 0.), e['dark'] / e['reference'])
    mu = np.c_[rng.uniform(0, W - 1, 64 * 17), rng.uniform(0, H - 1, 64 * 17)]                   # 64 images x 17 joints
    maps = gaussian_maps(torch.tensor(mu, dtype=torch.float32), (W, H), SIGMA)
    maps = maps + 0.05 * torch.randn(maps.shape, generator=torch.Generator().manual_seed(7))
    ts = {'pose_nb': [], 'reference': []}
    for _ in range(5 if '--quick' in sys.argv[1:] else 15):                       # interleaved, so both see the same load
        t = time.process_time(); heatmap_peaks(maps, SIGMA, 'dark'); ts['pose_nb'].append(time.process_time() - t)
        t = time.process_time(); ref_dark_decode(maps.numpy()); ts['reference'].append(time.process_time() - t)
    med = {k: float(np.median(v)) for k, v in ts.items()}
    print(f"\ndecode 64 x 17 maps of {W}x{H} (noise 0.05), one thread, median CPU time: pose_nb dark {med['pose_nb'] * 1e3:.1f} ms, "
          f"reference DARK {med['reference'] * 1e3:.1f} ms")
    print(f"RATIO dark_decode_speed={med['pose_nb'] / med['reference']:.3f} decode time of 64x17 maps, pose_nb dark / MMPose DARK "
          f"reference, one thread (goal <= 0.5)")
    for name, r in worst.items():
        print(f"RATIO dark_decode_{name.replace(' ', '_')}={r:.3f} decode error, pose_nb dark / MMPose DARK reference, worst noisy level, "
              f"{name} (goal <= 1)")
