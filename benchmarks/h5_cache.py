"""Epoch time over preprocessed depth crops: the h5py crop cache vs recomputing the crops from depth files, same run.

Writes synthetic hands as an FHAD tree (16-bit 640x480 PNGs + skeleton.txt) in a temporary folder, then times one pass over
all frames (a) reading every PNG, finding the hand centre and cropping (what a loader without a cache does every epoch) and
(b) loading the crops from the h5py cache built once from the same files, keyed by the files' stat fingerprint (path, size,
mtime, ctime, inode), and (c) the same with `verify=True`, which hashes every file's bytes to build the key (certain even for a
same-size rewrite with a preserved mtime, at the cost of reading every file). Frames are whole scenes (arm, table, objects).
Best of `--repeats`. Goal: ratio >= 10x for (a)/(b).
Usage: python benchmarks/h5_cache.py [--clips 25] [--frames 8] [--size 64] [--repeats 3] [--quick]   (--quick: 6 clips x 4 frames, 2 repeats)
"""
import argparse, tempfile, time, shutil
from pathlib import Path
import numpy as np
from pose_nb.depth import FHAD_DEPTH
from pose_nb.hand_synth import synthetic_hand_clips
from pose_nb.hand_files import write_fhad, fhad_frames
from pose_nb.hands import DepthCropper, preprocess, cached_crops

def best_of(f, n):
    ts = []
    for _ in range(n): t = time.perf_counter(); r = f(); ts.append(time.perf_counter() - t)
    return min(ts), r

if __name__ == '__main__':
    ap = argparse.ArgumentParser()
    ap.add_argument('--clips', type=int, default=25); ap.add_argument('--frames', type=int, default=8)
    ap.add_argument('--size', type=int, default=64); ap.add_argument('--repeats', type=int, default=3)
    ap.add_argument('--quick', action='store_true')
    a = ap.parse_args()
    if a.quick: a.clips, a.frames, a.repeats = 6, 4, 2
    tmp = Path(tempfile.mkdtemp(prefix='pose_nb_h5bench_'))
    try:
        write_fhad(tmp/'fhad', synthetic_hand_clips(a.clips, a.frames, FHAD_DEPTH, n_subjects=4, seed=0))
        frames, cropper = fhad_frames(tmp/'fhad'), DepthCropper(cube=200, size=a.size)
        t_build = time.perf_counter(); cached_crops(frames, cropper, tmp/'cache'); t_build = time.perf_counter() - t_build
        t_raw, raw = best_of(lambda: preprocess(fhad_frames(tmp/'fhad'), cropper), a.repeats)
        t_h5, h5 = best_of(lambda: cached_crops(fhad_frames(tmp/'fhad'), cropper, tmp/'cache'), a.repeats)
        cached_crops(frames, cropper, tmp/'cache', verify=True)
        t_v, h5v = best_of(lambda: cached_crops(fhad_frames(tmp/'fhad'), cropper, tmp/'cache', verify=True), a.repeats)
        assert np.array_equal(raw.x, h5.x) and np.allclose(raw.y, h5.y) and np.array_equal(raw.x, h5v.x), 'cache and recomputed crops differ'
        n, mb = len(frames), sum(p.stat().st_size for p in (tmp/'cache').glob('*.h5')) / 2**20
        print(f"{n} frames 640x480 -> {a.size}x{a.size} crops; cache file {mb:.2f} MB (built once in {t_build:.2f} s)")
        print(f"recompute from depth PNGs: {t_raw:.3f} s/epoch ({t_raw / n * 1e3:.2f} ms/frame)")
        print(f"h5py cache:                {t_h5:.3f} s/epoch ({t_h5 / n * 1e3:.3f} ms/frame)")
        print(f"h5py cache, verify=True:   {t_v:.3f} s/epoch ({t_v / n * 1e3:.3f} ms/frame)")
        print(f"ratio (recompute / cache): {t_raw / t_h5:.1f}x  (goal >= 10x); recompute / verified cache: {t_raw / t_v:.1f}x")
        print(f"RATIO h5_cache={t_raw / t_h5:.1f} epoch over depth crops: recompute from PNGs / h5py cache (goal >= 10)")
        print(f"RATIO h5_cache_verified={t_raw / t_v:.1f} epoch over depth crops: recompute from PNGs / h5py cache with verify=True")
    finally: shutil.rmtree(tmp, ignore_errors=True)
