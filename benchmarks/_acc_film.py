"""Hand pose from depth with FiLM (the `hand_pose_film` recipe exactly as `pose_nb_train hand_pose_film` runs it), 5 seeds.

Per seed (seed = rendered clips, their split, initialisation and data order): the recipe with `condition` none, gt (type 1, the
true action) and predicted (type 2, the action the model's LSTM reads from its own earlier poses), each read from the run's
results.json, plus the type-2 model itself with its condition switched off (`ActionPoseModel(condition='none')`: same clip batches
and losses, FiLM fed a uniform vector) -- the comparison that isolates what the predicted action adds. Paired differences are per
seed (same clips); a negative difference means conditioning lowered the error.
"""
import tempfile

TITLE = 'hand_pose_film: 3D error of held-out synthetic clips without / with FiLM on the true or predicted action'
SEEDS = (0, 1, 2, 3, 4)   # 3 seeds were not enough: seed-to-seed spread of type 2 minus none is ~1-2 mm against a ~1 mm effect

def _clip_none(seed, quick):
    "The type-2 model with its condition off, trained like the recipe's predicted run"
    import torch
    from fastai.torch_core import set_seed
    from pose_nb.actions import ACTION_RECIPE_PARTS, action_pose_learner, clip_eval
    P = ACTION_RECIPE_PARTS['hand_pose_film']; cfg = {**P['defaults'], 'condition': 'predicted', 'seed': seed, **_over(quick)}
    set_seed(seed, reproducible=True); dls = P['data'](cfg)
    l = action_pose_learner(dls, condition='none', w_action=cfg['w_action'], bn=cfg['bn'], noise=cfg['lstm_noise'])
    with l.no_bar(), l.no_logging(): l.fit_one_cycle(cfg['epochs'], cfg['lr'])
    return float(torch.cat([e.flatten() for e in clip_eval(l)[0]]).mean())

def _over(quick): return dict(epochs=1, n_clips=24, n_valid=8) if quick else {}

def one_seed(s: int, quick: bool) -> dict:
    "One seed's four runs, on one thread (the same numbers however many seeds run beside it)"
    import torch
    torch.set_num_threads(1)
    from pose_nb.cli import train_recipe
    out = {}
    for c in ('none', 'gt', 'predicted'):
        with tempfile.TemporaryDirectory() as d:
            res = train_recipe('hand_pose_film', out=d, quiet=True, seed=s, condition=c, **_over(quick))
        out[c] = res['mean_mm']
        if c == 'predicted': out['acc'] = res['action_acc']
    out['type-2 model, condition off'] = _clip_none(s, quick)
    return out

def measure(quick: bool) -> list:
    "Seeds in parallel processes (as many as there are CPUs, at most 2), each on one thread"
    import multiprocessing as mp, os
    import numpy as np
    from concurrent.futures import ProcessPoolExecutor
    from pose_nb.actions import ACTION_RECIPE_PARTS
    seeds = SEEDS[:1] if quick else SEEDS
    with ProcessPoolExecutor(min(2, os.cpu_count() or 1, len(seeds)), mp.get_context('spawn')) as ex:
        res = list(ex.map(one_seed, seeds, [quick] * len(seeds)))
    mm = {c: [r[c] for r in res] for c in ('none', 'gt', 'predicted', 'type-2 model, condition off')}
    acc = [r['acc'] for r in res]
    D = {**ACTION_RECIPE_PARTS['hand_pose_film']['defaults'], **_over(quick)}
    what = f"{D['n_valid']} held-out clips of {D['n_frames']} frames, {D['n_clips'] - D['n_valid']} training clips, {D['epochs']} epochs"
    diff = lambda a, b: (np.array(mm[a]) - np.array(mm[b])).tolist()
    rows = [dict(metric=f'mean_mm {c}', values=v, seeds=list(seeds), goal=None, unit='mm', what=f'mean 3D joint error, {what}')
            for c, v in mm.items()]
    return rows + [
        dict(metric='gt - none', values=diff('gt', 'none'), seeds=list(seeds), goal=('<', 0.), unit='mm',
             what='paired per seed: true-action FiLM (type 1) minus no conditioning'),
        dict(metric='predicted - none', values=diff('predicted', 'none'), seeds=list(seeds), goal=('<=', 0.), unit='mm',
             what='paired per seed: predicted-action FiLM (type 2) minus the per-frame model without conditioning'),
        dict(metric='predicted - condition off', values=diff('predicted', 'type-2 model, condition off'), seeds=list(seeds),
             goal=('<=', 0.), unit='mm', what='paired per seed: type 2 minus the same clip model with its condition off'),
        dict(metric='action_acc predicted', values=acc, seeds=list(seeds), goal=('>=', 0.8), unit='',
             what=f'action accuracy of type 2 from its own predicted poses, {what}')]
