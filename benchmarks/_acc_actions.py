"""Actions from ground-truth hand poses: the `hand_actions` recipe exactly as `pose_nb_train hand_actions` runs it, 3 seeds.

Each seed (seed = the synthetic clips, their noise and prefix cuts, initialisation and data order) trains the recipe in a fresh run
folder and reads the action accuracy on the validation clips -- played by other synthetic hands than the training clips -- from
the run's results.json. Actions from *predicted* poses (type 2) are measured in `_acc_film.py`, where that model is trained.
"""
import tempfile

TITLE = 'hand_actions: action accuracy from noisy ground-truth pose sequences, validated on other hands'
SEEDS = (0, 1, 2)

def measure(quick: bool) -> list:
    import torch
    torch.set_num_threads(1)
    from pose_nb.cli import train_recipe
    from pose_nb.actions import ACTION_RECIPE_PARTS
    seeds, over = (SEEDS[:1], dict(epochs=2, n_train=80)) if quick else (SEEDS, {})
    acc = []
    for s in seeds:
        with tempfile.TemporaryDirectory() as d: acc.append(train_recipe('hand_actions', out=d, quiet=True, seed=s, **over)['action_acc'])
    D = {**ACTION_RECIPE_PARTS['hand_actions']['defaults'], **over}
    what = (f"{D['n_valid']} validation clips of other hands ({D['n_frames']} frames cut to >= {D['min_len']}, {D['noise']:g} mm joint "
            f"noise), {D['n_train']} training clips, {D['epochs']} epochs; chance 0.2")
    return [dict(metric='action_acc', values=acc, seeds=list(seeds), goal=('>=', 0.9), unit='', what=f'top-1 accuracy, {what}')]
