"""Digits `topleft` through the `digits` recipe as `pose_nb_train digits --epochs 60` runs it, 3 seeds.

The recipe's default (5 epochs, r2 ~0.995) is the README's quick first run; 60 epochs of the same recipe is the converged one.

Each seed trains the recipe in a fresh run folder (seed = model initialisation, data order and the 80/20 split of the 1,797
scikit-learn digits) and reads r2 and the mean pixel error of the held-out digits from the run's results.json.
"""
import tempfile
from pathlib import Path

TITLE = 'digits topleft: the digits recipe, tiny body + feature head, held-out digits'
SEEDS = (0, 1, 2)
EPOCHS = 60

def measure(quick: bool) -> list:
    import torch
    torch.set_num_threads(1)
    from pose_nb.cli import train_recipe
    r2, px, n = [], [], 0
    seeds = SEEDS[:1] if quick else SEEDS
    for s in seeds:
        with tempfile.TemporaryDirectory() as d:
            res = train_recipe('digits', out=d, quiet=True, seed=s, epochs=2 if quick else EPOCHS)
        r2.append(res['r2']); px.append(res['mean_px_error']); n = res['n_valid']
    what = f"{n} held-out digits per seed, {2 if quick else EPOCHS} epochs (`pose_nb_train digits --epochs {2 if quick else EPOCHS}`)"
    return [dict(metric='r2', values=r2, seeds=list(seeds), goal=('>=', 0.998), unit='', what=f'r2 of the top-left corner, {what}'),
            dict(metric='mean_px_error', values=px, seeds=list(seeds), goal=('<=', 0.25), unit='px',
                 what=f'mean distance to the top-left corner, {what}')]
