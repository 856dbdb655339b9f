"""Issue 20: the test-time hand centre, its learned refinement and a whole depth run, measured on *real* FHAD depth frames.

pose_nb ships no FHAD frames: point this at your FHAD folder (`Video_files/`, `Hand_pose_annotation_v1[_1]/`; only frames whose
depth PNG exists are used, so a partial download works):

    python benchmarks/real_fhad.py ROOT                      # hand centres: 'scene' (hand_centre), the previous version, DeepPrior++'s COM
    python benchmarks/real_fhad.py ROOT --refiner 2000 --seeds 0 1 2   # + LearnedCentre (2000 synthetic training frames per seed)
    python benchmarks/real_fhad.py ROOT --run RUN_DIR        # a trained depth run on the frames (pose_nb_predict's path)
    python benchmarks/real_fhad.py ROOT --consistency        # check_depth_consistency: the frames, and the same joints made wrong
    python benchmarks/real_fhad.py ROOT --stats              # what the frames and all skeletons look like (08_hand_synth's design)

Centres are scored as issue 20 does: distance to the mean of the five MCP joints (and to the middle MCP, the 'mcp' training
centre), the share of frames within 50 mm, and the share of frames with more than 30 % of the joints outside the 200 mm cube.
Options: --subjects 1 2 (default all), --max-frames N (evenly spaced), --cube 200. It runs on one CPU thread.
"""
import argparse, warnings, time, numpy as np, pandas as pd, torch
from pathlib import Path
from pose_nb.core import HAND21, PoseError
from pose_nb.depth import *
from pose_nb.depth import _frame, _points, _refine
from pose_nb.hand_centre import *
from pose_nb.depth_render import scene_stats
from pose_nb.hand_files import fhad_frames, DepthFiles, depth_consistency

MCPS, MMCP = [1, 2, 3, 4, 5], HAND21.index('MMCP')

def real_frames(root, subjects=None, max_frames=None)->DepthFiles:
    "The frames of an FHAD folder whose depth PNG exists"
    with warnings.catch_warnings():
        warnings.simplefilter('ignore'); f = fhad_frames(root, subjects=subjects)
    keep = [i for i, p in enumerate(f.paths) if p.exists()]
    if not keep: raise PoseError(f"{root}: none of the {len(f)} annotated frames has its depth PNG")
    if max_frames and len(keep) > max_frames: keep = [keep[i] for i in np.linspace(0, len(keep) - 1, max_frames).round().astype(int)]
    return DepthFiles([f.paths[i] for i in keep], f.joints[keep], f.cam, f.labels[keep], f.subjects[keep], name=f'fhad real ({len(keep)})')

def previous_hand_centre(depth, cam, cube=200., dmin=10., dmax=2000., jump=25., min_frac=.002, refine=3, table=.3):
    "pose_nb's hand_centre before issue 20 (nearest component of 0.2 % of the pixels, its far 100 mm), for comparison"
    d = _frame(depth, 'frame'); valid = (d > dmin) & (d < dmax); v, u = np.nonzero(valid)
    n, o, inl = dominant_plane(_points(d, v, u, cam))
    if inl.mean() > table: valid[v[inl], u[inl]] = False
    lab = depth_components(d, valid, jump); ids, cnt = np.unique(lab[lab >= 0], return_counts=True)
    best = min(ids[cnt >= max(min_frac * d.size, 10)], key=lambda c: np.median(d[lab == c]))
    v, u = np.nonzero(lab == best); pts = _points(d, v, u, cam)
    edge = (v == 0) | (u == 0) | (v == d.shape[0] - 1) | (u == d.shape[1] - 1)
    if edge.any(): dist = np.linalg.norm(pts - pts[edge].mean(0), axis=-1); pts = pts[dist >= dist.max() - cube / 2]
    return torch.from_numpy(_refine(pts, pts.mean(0), cube, refine))

def score(C, J, cube=200.)->dict:
    "Issue 20's numbers for centres `C` (N, 3) against joints `J` (N, 21, 3)"
    e, em = np.linalg.norm(C - J[:, MCPS].mean(1), axis=-1), np.linalg.norm(C - J[:, MMCP], axis=-1)
    out = (np.abs(J - C[:, None]) > cube / 2).any(-1).mean(-1)
    off = np.median(C - J[:, MCPS].mean(1), 0)
    return {'median mm': np.median(e), 'min': e.min(), 'max': e.max(), 'within 50 mm': (e < 50).mean(),
            '>30% joints out': (out > .3).mean(), 'median mm to MMCP': np.median(em), 'offset x, y, z': tuple(off.round())}

def centres(frames, fn)->np.ndarray: return np.stack([np.asarray(fn(frames.read(i).astype(np.float32), frames.cam), np.float64) for i in range(len(frames))])

def learned(frames, n, seeds, rough, cam_scale=.5, n_test=300, max_shift=25.):
    "LearnedCentre trained (as nbs/10_hands does) on `n` synthetic frames per seed: scored on the real and `n_test` synthetic frames"
    from pose_nb.hand_synth import synthetic_hands
    from pose_nb.hands import DepthCropper, preprocess, fit_centre_refiner, LearnedCentre
    rows, cam = [], FHAD_DEPTH.scaled(cam_scale)
    test = synthetic_hands(n_test, cam, seed=999)
    rough_syn = centres(test, lambda d, c: hand_centre(d, c))
    for s in seeds:
        t = time.time(); syn = synthetic_hands(n, cam, seed=100 + s)
        with warnings.catch_warnings():
            warnings.simplefilter('ignore'); crops = preprocess(syn, DepthCropper(200., 32, 'xyz', 'scene'), on_error='skip')
        ref = fit_centre_refiner(crops, seed=s)
        for data, fr, r0 in (('real', frames, rough), ('synthetic', test, rough_syn)):
            rows.append(dict(seed=s, data=data, centre='scene', **score(r0, fr.joints.astype(np.float64))))
            for k, ms in ((1, None), (2, None), (2, max_shift)):
                lc = LearnedCentre(ref, 200., 32, n_iter=k, max_shift=ms)
                C = np.stack([lc.refine(fr.read(i).astype(np.float32), fr.cam, r0[i]).numpy() for i in range(len(fr))])
                name = f'refined x{k}' + ('' if ms is None else f' within {ms:g} mm')
                rows.append(dict(seed=s, data=data, centre=name, **score(C, fr.joints.astype(np.float64))))
        print(f"  seed {s}: {time.time() - t:.0f} s", flush=True)
    return pd.DataFrame(rows)

def run_on_frames(frames, run_dir, cube_in=1.):
    "A trained depth run (`Predictor`, the 'scene' centre at test time) on the frames: errors and how much of the hand its crops hold"
    from pose_nb.predict import Predictor
    pred = Predictor.from_run(run_dir, device='cpu', cam=frames.cam)     # the frames' own camera (a run may be trained at another)
    xps = [pred.prepare_depth(frames.read(i).astype(np.float32), name=frames.item(i)) for i in range(len(frames))]
    res = pred.run_depth(xps); J = frames.joints.astype(np.float64)
    kps, P = np.stack([r['kps'] for r in res]).astype(np.float64), np.stack([r['params'] for r in res])
    inside = (np.abs(J - P[:, None, :3]) <= P[:, None, 3:4] / 2 * cube_in).all(-1)       # joints inside each frame's crop cube
    err = np.linalg.norm(kps - J, axis=-1)
    return {'frames': len(frames), 'joints inside the crop (mean)': inside.mean(), 'frames with all joints inside': inside.all(1).mean(),
            'frames with >= 70 % inside': (inside.mean(1) >= .7).mean(), 'mean joint error mm': err.mean(), 'median frame error mm': np.median(err.mean(1))}

WRONG = dict(colour_frame=lambda j: j @ np.array([[0.999988496304, -0.00468848412856, 0.000982563360594], [0.00469115935266,
             0.999985218048, -0.00273845880292], [-0.000969709653873, 0.00274303671904, 0.99999576807]]).T + [25.7, 1.22, 3.902],
             metres=lambda j: j / 1000, centimetres=lambda j: j / 10, x_flipped=lambda j: j * [-1, 1, 1], y_flipped=lambda j: j * [1, -1, 1],
             z_flipped=lambda j: j * [1, 1, -1], y_z_flipped=lambda j: j * [1, -1, -1])

def consistency(frames):
    "Median `depth_consistency` of the frames and of the same joints made wrong: the current rule and the previous one"
    rows = {}
    for k, f in [('correct', lambda j: j)] + list(WRONG.items()):
        fr = DepthFiles(frames.paths, f(frames.joints.astype(np.float64)).astype(np.float32), frames.cam)
        with np.errstate(all='ignore'):
            rows[k] = {'wrist + MCPs, -15..80 mm (now)': np.median(depth_consistency(fr)),
                       'all joints, -10..40 mm (before)': np.median(depth_consistency(fr, tol=(-10., 40.), joints=range(21)))}
    return pd.DataFrame(rows).T

def skeleton_stats(root):
    "The statistics 08_hand_synth's design was fitted to, from every skeleton of the folder (no depth needed)"
    from scipy.spatial.transform import Rotation
    from pose_nb.hand_synth import hand_shape_stats
    with warnings.catch_warnings():
        warnings.simplefilter('ignore'); J = fhad_frames(root).joints.astype(np.float64)
    y = J[:, 3] - J[:, 0]; y /= np.linalg.norm(y, axis=-1, keepdims=True)
    x = J[:, 5] - J[:, 2]; x -= (x * y).sum(-1, keepdims=True) * y; x /= np.linalg.norm(x, axis=-1, keepdims=True)
    R = np.stack([x, y, np.cross(x, y)], -1); L = np.einsum('nkj,nji->nki', J - J[:, :1], R)
    r = Rotation.from_matrix(R @ np.diag([1., -1., -1.])); m = r.mean(); w = (m.inv() * r).as_rotvec()
    c = J[:, [0, 2, 3, 4, 5]].mean(1); P = np.stack([c[:, 0] / c[:, 2], c[:, 1] / c[:, 2], c[:, 2]], 1)
    chains = [[1, 6, 7, 8], [2, 9, 10, 11], [3, 12, 13, 14], [4, 15, 16, 17], [5, 18, 19, 20]]
    print(f"{len(J)} skeletons\nMCPs in the hand frame (median, mm):\n{np.median(L[:, 1:6], 0).round(1)}")
    print("bones (median, mm):\n", np.stack([np.median(np.linalg.norm(np.diff(J[:, ch], axis=1), axis=-1), 0) for ch in chains]).round(1))
    print("view: mean rotation (rotvec)", m.as_rotvec().round(3), "\n tangent covariance\n", np.cov(w.T).round(3))
    print("back-of-hand normal, mean", R[:, :, 2].mean(0).round(2))
    print("palm centre (x/z, y/z, z mm): mean", P.mean(0).round(3), "\n covariance\n", np.cov(P.T).round(4))
    print(pd.DataFrame({k: np.percentile(v, [5, 25, 50, 75, 95]) for k, v in hand_shape_stats(J).items()}, index=['p5', 'p25', 'p50', 'p75', 'p95']).T.round(2))

if __name__ == '__main__':
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('root'); ap.add_argument('--subjects', type=int, nargs='*'); ap.add_argument('--max-frames', type=int)
    ap.add_argument('--refiner', type=int, default=0); ap.add_argument('--n-test', type=int, default=300); ap.add_argument('--seeds', type=int, nargs='*', default=[0])
    ap.add_argument('--run'); ap.add_argument('--consistency', action='store_true'); ap.add_argument('--stats', action='store_true')
    a = ap.parse_args(); torch.set_num_threads(1); pd.set_option('display.width', 200); pd.set_option('display.max_columns', 12)
    fr = real_frames(a.root, a.subjects, a.max_frames); print(fr)
    if a.stats:
        st = pd.DataFrame([scene_stats(fr.read(i), fr.joints[i], fr.cam) for i in range(len(fr))])
        print('scene_stats of the real frames:\n', pd.DataFrame({'median': st.median(), 'p10': st.quantile(.1), 'p90': st.quantile(.9)}).round(2))
        skeleton_stats(a.root)
    if a.consistency: print('depth_consistency (median over frames):\n', consistency(fr).round(2))
    if a.run: print('the run on the real frames:', pd.Series(run_on_frames(fr, a.run)).round(3).to_dict())
    if a.stats or a.consistency or a.run: raise SystemExit
    J = fr.joints.astype(np.float64)
    rough = centres(fr, lambda d, cam: hand_centre(d, cam))
    tab = {"hand_centre ('scene')": score(rough, J), 'previous hand_centre': score(centres(fr, previous_hand_centre), J),
           "DeepPrior++ COM ('com')": score(centres(fr, lambda d, cam: hand_com(d, cam, dmax=2000.)), J)}
    print(pd.DataFrame(tab).T.round(2))
    if a.refiner:
        lt = learned(fr, a.refiner, a.seeds, rough, n_test=a.n_test)
        print(lt.round(2).to_string()); num = lt.drop(columns=['offset x, y, z', 'seed'])
        print('mean ± sd over seeds:\n', num.groupby(['data', 'centre']).agg(['mean', 'std']).round(2).T.to_string())
