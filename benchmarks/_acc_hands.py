"""Hands: 3D joints of held-out synthetic first-person depth frames through the test-time pipeline, 3 seeds.

Each seed trains the `hands` recipe (`pose_nb.hand_synth` frames at half FHAD resolution: an object in the hand, forearm, table,
clutter, the SR300-like sensor; MCP-centred 200 mm crops, 32 px) with more frames and epochs than its default, trains a
`CentreRefiner` on the same frames' scene-centred crops, and scores held-out frames (another seed: other hands, poses, scenes) as
`pose_nb_predict` runs a depth model: the 'scene' centre (`hand_centre`), the learned refinement (`LearnedCentre`, 2 steps within
25 mm), the crop, the run's model, decoded to mm by the codec. Rows: the mean 3D joint error (mm) that way (the goal), and the
same model on crops centred on the true middle MCP (the usual protocol; what a perfect centre would give). Three more rows say
where the pipeline's error comes from: its median over frames, the share of frames whose refined centre misses the hand by more
than 100 mm, and the error on the frames whose centre is within 50 mm.
"""
import tempfile, warnings
import numpy as np

TITLE = 'hands: hands recipe + learned centre, synthetic first-person depth, held-out frames through the test-time pipeline'
SEEDS = (0, 1, 2)

def measure(quick: bool, n: int = 3000, epochs: int = 20) -> list:
    "Rows for 3 seeds; `n` training frames and `epochs` for the recipe (`hands_shift` pins the setup it was measured with)"
    import torch
    torch.set_num_threads(1)
    from pose_nb.core import HAND21
    from pose_nb.cli import train_recipe
    from pose_nb.depth import FHAD_DEPTH
    from pose_nb.hand_synth import synthetic_hands
    from pose_nb.hands import DepthCropper, preprocess, fit_centre_refiner, LearnedCentre
    from pose_nb.predict import Predictor
    n, epochs, n_test, ref_epochs = (96, 1, 16, 2) if quick else (n, epochs, 200, 30)
    cam, seeds = FHAD_DEPTH.scaled(.5), SEEDS[:1] if quick else SEEDS
    pipe, mcp, med, miss, ok50 = [], [], [], [], []
    for s in seeds:
        with tempfile.TemporaryDirectory() as d:
            res = train_recipe('hands', out=d, quiet=True, seed=s, epochs=epochs, sets=(f'data.n={n}', f'data.seed={s}'))
            pred = Predictor.from_run(res['run_dir'], device='cpu')
            train = synthetic_hands(n, cam, seed=s, noise=1., holes=.02)          # the recipe's frames (its data.seed)
            with warnings.catch_warnings():
                warnings.simplefilter('ignore'); crops = preprocess(train, DepthCropper(200., 32, 'xyz', 'scene'), on_error='skip')
            lc = LearnedCentre(fit_centre_refiner(crops, epochs=ref_epochs, seed=s), 200., 32)
            test = synthetic_hands(n_test, cam, seed=1000 + s, noise=1., holes=.02)
            J = test.joints.astype(np.float64); M = J[:, HAND21.index('MMCP')]
            C = np.stack([np.asarray(lc(test.read(i), cam), np.float64) for i in range(n_test)])   # the refined centres
            errs = {}
            for name, cs in (('pipe', C), ('mcp', M)):
                xps = [pred.prepare_depth(test.read(i), centre=cs[i], name=test.item(i)) for i in range(n_test)]
                kps = np.stack([r['kps'] for r in pred.run_depth(xps)]).astype(np.float64)
                errs[name] = np.linalg.norm(kps - J, axis=-1).mean(-1)                       # per frame
            ce = np.linalg.norm(C - M, axis=-1)
            pipe.append(float(errs['pipe'].mean())); mcp.append(float(errs['mcp'].mean()))
            med.append(float(np.median(errs['pipe']))); miss.append(float((ce > 100).mean()))
            ok50.append(float(errs['pipe'][ce <= 50].mean()))
    what = (f'{n_test} held-out synthetic frames per seed; recipe on {n} frames, {epochs} epochs; refiner {ref_epochs} epochs'
            + (' (quick)' if quick else ''))
    return [dict(metric='mean_mm_pipeline', values=pipe, seeds=list(seeds), goal=('<=', 10), unit='mm',
                 what=f"mean 3D joint error, 'scene' centre + learned refinement (pose_nb_predict's path), {what}"),
            dict(metric='mean_mm_mcp_centred', values=mcp, seeds=list(seeds), goal=None, unit='mm',
                 what=f'the same models on crops centred on the true middle MCP, {what}'),
            dict(metric='median_mm_pipeline', values=med, seeds=list(seeds), goal=None, unit='mm',
                 what="median over the held-out frames of the pipeline's per-frame mean joint error"),
            dict(metric='centre_miss_100mm', values=miss, seeds=list(seeds), goal=None, unit='',
                 what='share of held-out frames whose refined centre is more than 100 mm from the middle MCP (the crop misses the hand)'),
            dict(metric='mean_mm_pipeline_centre_50mm', values=ok50, seeds=list(seeds), goal=None, unit='mm',
                 what='the pipeline error on the frames whose refined centre is within 50 mm of the middle MCP')]
